// Preloaded into a benchmarked process: prints its peak RSS on exit (stderr, one JSON line).
process.on('exit', () => {
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`\n@@bench ${JSON.stringify({ maxRssMB })}\n`);
});
