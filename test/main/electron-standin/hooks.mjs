// Loader hook: the real `electron` package cannot run in Node (and is never
// downloaded here); every import of it gets the recording stand-in instead.
const standin = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: standin, shortCircuit: true };
  return next(specifier, context);
}
