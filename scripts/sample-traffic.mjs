// The made-up traffic of `npm run demo` and docs/example-access.log: one
// combined-format line from a random source, stamped with a CLF time.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PATHS = [
  '/api/users',
  '/api/orders',
  '/api/orders/42',
  '/report/daily',
  '/static/app.js',
  '/',
  '/login',
];
const STATUS = [200, 200, 200, 200, 200, 304, 404, 500];
const METHODS = ['GET', 'GET', 'POST'];
const p2 = (n) => String(n).padStart(2, '0');

/** `[day/Mon/year:HH:MM:SS ±hhmm]` contents for `date` at `offsetMinutes` east of UTC. */
export function clfStamp(date, offsetMinutes) {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ` +
    `${sign}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`
  );
}

/** One line: `rand` is a function returning [0, 1), `agent` names the client. */
export function sampleLine(rand, stamp, agent) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const host = `10.0.0.${1 + Math.floor(rand() * 12)}`;
  return `${host} - - [${stamp}] "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1" ${pick(STATUS)} ${Math.floor(rand() * 5000)} "-" "${agent}"`;
}
