/**
 * Reading a history database: points and Stats for a range, the last hour
 * for the chart after a restart, alert transitions. See docs/reference/history.md.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SecondEvent } from '../common/types';
import { TOP_N } from '../engine/stats/traffic-stats';
import { HOUR_MS } from './hour-rollup';
import { emptyStatus, emptyTotals, MINUTE_MS } from './minute-accumulator';
import { TOP_COLUMNS, TOTAL_COLUMNS, unknownKeys, type TopColumns } from './rows';
import { ParamError } from './param-error';
import { alignRange, chooseStep, STEP_MS } from './steps';
import { SummaryMerger, topOf, type TopSummary } from './top-summary';
import type {
  AlertRecord,
  HistoryPoint,
  HistoryRange,
  HistoryReader,
  RangeQuery,
  RangeStats,
  StatusMix,
  Step,
  Totals,
} from './types';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The totals columns summed over rows (avg and alert: their highest). */
const SUMS = TOTAL_COLUMNS.split(', ')
  .map((c) => `coalesce(${c === 'avg' || c === 'alert' ? 'max' : 'sum'}(${c}), 0) AS ${c}`)
  .join(', ');
const tableOf = (step: Step) => (step === '1s' ? 'seconds' : 'minutes');

/**
 * The rows of [from, to) at `step`, oldest first (stored seconds or minutes,
 * or hours summed), each an array in the order of `at, TOTAL_COLUMNS`: a
 * month of minutes is 43,200 rows, and arrays cost half what objects do.
 */
function stepRows(db: DatabaseSync, from: number, to: number, step: Step): number[][] {
  const sql =
    step === '1h'
      ? `SELECT at - (at % ${HOUR_MS}) AS at, ${SUMS} FROM minutes WHERE minutes.at >= ? AND minutes.at < ?
         GROUP BY 1 ORDER BY 1`
      : `SELECT at, ${TOTAL_COLUMNS} FROM ${tableOf(step)} WHERE at >= ? AND at < ? ORDER BY at`;
  const st = db.prepare(sql);
  // setReturnArrays came with Node 24; an older runtime gets the same arrays from objects.
  if (typeof st.setReturnArrays !== 'function')
    return st.all(from, to).map((r) => Object.values(r) as number[]);
  st.setReturnArrays(true);
  return st.all(from, to) as unknown as number[][];
}

/**
 * One point per step from `from` to `to` (zero where nothing was stored), and
 * the totals of the range, both from one read of its rows.
 */
function pointsAndTotals(
  db: DatabaseSync,
  from: number,
  to: number,
  step: Step,
): { points: HistoryPoint[]; total: Totals } {
  const rows = stepRows(db, from, to, step);
  const total = emptyTotals();
  const sum = total.status;
  const points: HistoryPoint[] = [];
  let i = 0;
  for (let at = from; at < to; at += STEP_MS[step]) {
    const r = rows[i]?.[0] === at ? rows[i++]! : null;
    if (!r) {
      points.push({ at, hits: 0, bytes: 0, status: emptyStatus(), avg: 0, alert: false });
      continue;
    }
    // Columns: at, hits, bytes, s1xx..s5xx, sother, malformed, late, skewed, avg, alert.
    // Indexed, not destructured: this runs once per row of a month.
    const status = {
      '1xx': r[3]!,
      '2xx': r[4]!,
      '3xx': r[5]!,
      '4xx': r[6]!,
      '5xx': r[7]!,
      other: r[8]!,
    };
    const avg = r[12]!;
    const alert = r[13] !== 0;
    points.push({ at, hits: r[1]!, bytes: r[2]!, status, avg, alert });
    total.hits += r[1]!;
    total.bytes += r[2]!;
    sum['1xx'] += status['1xx'];
    sum['2xx'] += status['2xx'];
    sum['3xx'] += status['3xx'];
    sum['4xx'] += status['4xx'];
    sum['5xx'] += status['5xx'];
    sum.other += status.other;
    total.malformed += r[9]!;
    total.late += r[10]!;
    total.skewed += r[11]!;
    if (avg > total.avg) total.avg = avg;
    total.alert ||= alert;
  }
  return { points, total };
}

/**
 * Top lists over [from, to) (whole minutes): the rows of the hours that lie
 * inside and have one, the minutes everywhere else.
 */
function tops(db: DatabaseSync, from: number, to: number) {
  const hours = db
    .prepare(
      `SELECT at, hits, ${TOP_COLUMNS} FROM hours WHERE at >= ? AND at + ${HOUR_MS} <= ? ORDER BY at`,
    )
    .all(from, to) as unknown as Array<TopColumns & { at: number }>;
  const minutes = db.prepare(
    `SELECT hits, ${TOP_COLUMNS} FROM minute_tops WHERE at >= ? AND at < ?`,
  );
  const rows: TopColumns[] = [...hours];
  let start = from;
  for (const h of hours) {
    if (h.at > start) rows.push(...(minutes.all(start, h.at) as unknown as TopColumns[]));
    start = h.at + HOUR_MS;
  }
  if (to > start) rows.push(...(minutes.all(start, to) as unknown as TopColumns[]));
  const [sections, hosts, codes, methods] = [0, 1, 2, 3].map(() => new SummaryMerger()) as [
    SummaryMerger,
    SummaryMerger,
    SummaryMerger,
    SummaryMerger,
  ];
  let anyHosts = false;
  let distinctHosts = 0;
  for (const r of rows) {
    sections.addEncoded(r.sections);
    codes.addEncoded(r.codes);
    methods.addEncoded(r.methods);
    // A row that kept no hosts counts all its hits as unknown hosts.
    if (r.hosts === null) hosts.add(unknownKeys(r.hits));
    else {
      anyHosts = true;
      hosts.addEncoded(r.hosts);
    }
    distinctHosts = Math.max(distinctHosts, r.distinct_hosts);
  }
  return {
    sections: sections.result(),
    hosts: anyHosts ? hosts.result() : null,
    codes: codes.result(),
    methods: methods.result(),
    distinctHosts,
  };
}

function statsOf(total: Totals, seconds: number, t: ReturnType<typeof tops>): RangeStats {
  const list = (s: TopSummary | null) => (s ? topOf(s, TOP_N) : { rows: [], approximate: false });
  const sections = list(t.sections);
  const hosts = list(t.hosts);
  const codes = list(t.codes);
  const methods = list(t.methods);
  const status: StatusMix = total.status;
  const known = Object.values(status).reduce((a, b) => a + b, 0);
  return {
    hits: total.hits,
    rps: seconds > 0 ? round3(total.hits / seconds) : 0,
    seconds,
    sections: sections.rows.map(([section, hits]) => ({ section, hits })),
    status,
    codes: codes.rows.map(([code, hits]) => ({ code: Number(code), hits })),
    methods: methods.rows.map(([method, hits]) => ({ method, hits })),
    hosts: hosts.rows.map(([host, hits]) => ({ host, hits })),
    // A lower bound beyond one minute: the most of any minute, or the keys listed over the range.
    distinctHosts: Math.max(t.distinctHosts, t.hosts?.entries.size ?? 0),
    bytes: total.bytes,
    errorRate: known > 0 ? round3(status['5xx'] / known) : 0,
    malformed: total.malformed,
    late: total.late,
    skewed: total.skewed,
    approximate:
      sections.approximate || hosts.approximate || codes.approximate || methods.approximate,
  };
}

const ALERT_COLUMNS = 'type, at, avg, peak, hits, threshold, window, prefs';

const alertRecords = (rows: unknown[]): AlertRecord[] =>
  (rows as Array<AlertRecord & { prefs: string }>).map((r) => ({
    ...r,
    prefs: JSON.parse(r.prefs) as Record<string, unknown>,
  }));

const finite = (name: string, v: number) => {
  if (!Number.isFinite(v)) throw new ParamError(name, `must be a time, got ${v}`);
};

/**
 * A reader over `db`. `beforeRead` runs first on every query (the recorder
 * flushes there, so answers include the second just recorded).
 */
export function createReader(
  db: DatabaseSync,
  path: string,
  beforeRead: () => void = () => {},
  close: () => void = () => db.close(),
): HistoryReader {
  const newest = () =>
    (db.prepare('SELECT max(at) AS at FROM seconds').get() as { at: number | null }).at;
  return {
    path,
    range(q: RangeQuery): HistoryRange {
      finite('from', q.from);
      finite('to', q.to);
      if (q.to <= q.from) throw new ParamError('to', 'must be later than from');
      beforeRead();
      const step = chooseStep(q.from, q.to, newest(), q.step);
      const { from, to } = alignRange(q.from, q.to, step);
      const wide = alignRange(from, to, '1m');
      const { points, total } = pointsAndTotals(db, from, to, step);
      const stats = statsOf(total, (to - from) / 1000, tops(db, wide.from, wide.to));
      return { from, to, step, points, stats };
    },
    recent(seconds: number): SecondEvent[] {
      beforeRead();
      const last = newest();
      if (last === null || seconds <= 0) return [];
      const from = last - (Math.floor(seconds) - 1) * 1000;
      return pointsAndTotals(db, from, last + 1000, '1s').points.map((p) => ({
        type: 'second',
        at: p.at,
        hits: p.hits,
        avg: p.avg,
        alert: p.alert,
      }));
    },
    alerts(from = -Infinity, to = Infinity): AlertRecord[] {
      beforeRead();
      const lo = Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER;
      const hi = Number.isFinite(to) ? to : Number.MAX_SAFE_INTEGER;
      return alertRecords(
        db
          .prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE at >= ? AND at < ? ORDER BY at, id`)
          .all(lo, hi),
      );
    },
    recentAlerts(n: number): AlertRecord[] {
      beforeRead();
      const sql = `SELECT ${ALERT_COLUMNS} FROM alerts ORDER BY at DESC, id DESC LIMIT ?`;
      return alertRecords(db.prepare(sql).all(Math.max(0, Math.floor(n)))).reverse();
    },
    highestAverage(from: number): number {
      beforeRead();
      const minute = Math.floor(from / MINUTE_MS) * MINUTE_MS;
      const row = db.prepare('SELECT max(avg) AS avg FROM minutes WHERE at >= ?').get(minute) as {
        avg: number | null;
      };
      return row.avg ?? 0;
    },
    close,
  };
}
