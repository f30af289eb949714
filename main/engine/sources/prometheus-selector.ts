/**
 * The `--prometheus-selector` option: a PromQL label matcher set such as
 * `{job="web", instance=~"fe-.*"}`, checked here so a typo gets an error that
 * names it, and merged into every query the Prometheus source makes
 * (see docs/reference/metrics.md).
 */

const MATCHER =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*/;

/** One parsed matcher, its value kept as written (quoted, escapes intact). */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  quoted: string;
}

/**
 * Parse a selector (`{}` or omitted: everything). Throws an Error naming the
 * selector and what is wrong with it; the metric name is the source's to choose.
 */
export function parseSelector(selector: string | undefined): LabelMatcher[] {
  const text = (selector ?? '').trim();
  if (text === '') return [];
  const fail = (why: string): never => {
    throw new Error(`--prometheus-selector ${JSON.stringify(selector)}: ${why}`);
  };
  if (!text.startsWith('{') || !text.endsWith('}'))
    fail('expected label matchers in braces, like {job="web"}');
  let rest = text.slice(1, -1);
  const out: LabelMatcher[] = [];
  while (rest.trim() !== '') {
    const m = MATCHER.exec(rest);
    if (!m) return fail(`cannot read a label matcher at ${JSON.stringify(rest.trim())}`);
    const [whole, label, op, quoted] = m as unknown as [string, string, LabelMatcher['op'], string];
    if (label === '__name__') fail('the metric name is chosen by http-console, not the selector');
    out.push({ label, op, quoted });
    rest = rest.slice(whole.length);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (rest.trim() !== '') fail(`expected "," or "}" before ${JSON.stringify(rest.trim())}`);
  }
  return out;
}

/** The matchers written back as PromQL, after a leading `__name__` matcher. */
export function selectorFor(nameMatcher: string, matchers: LabelMatcher[]): string {
  return `{${[nameMatcher, ...matchers.map((m) => `${m.label}${m.op}${m.quoted}`)].join(',')}}`;
}
