// A node:test reporter that prints one closing line, `N passed, N failed`
// (plus `, N skipped` when any were skipped), after the spec reporter's output.
// Suites are not counted: only the tests inside them, as the spec summary does.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.details?.type === 'suite') {
      // A suite fails on its own when a hook throws; count that as a failure.
      if (event.type === 'test:fail' && d.details?.error?.failureType !== 'subtestsFailed')
        failed++;
      continue;
    }
    if (d.skip || d.todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`;
}
