/**
 * Reading a history database: points and Stats for a range, the last hour
 * for the chart after a restart, alert transitions. See docs/reference/history.md.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SecondEvent } from '../common/types';
import { TOP_N } from '../engine/stats/traffic-stats';
import { HOUR_MS } from './hour-rollup';
import { addTotals, emptyTotals } from './minute-accumulator';
import {
  TOP_COLUMNS,
  TOTAL_COLUMNS,
  topsFromColumns,
  totalsFromColumns,
  type TopColumns,
  type TotalsColumns,
} from './rows';
import { ParamError } from './param-error';
import { alignRange, chooseStep, STEP_MS } from './steps';
import { merge, topOf, type TopSummary } from './top-summary';
import type {
  AlertRecord,
  HistoryPoint,
  HistoryRange,
  HistoryReader,
  RangeQuery,
  RangeStats,
  StatusMix,
  Totals,
} from './types';

type PointRow = TotalsColumns & { at: number };

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function pointRows(db: DatabaseSync, from: number, to: number, step: string): PointRow[] {
  if (step === '1s')
    return db
      .prepare(`SELECT at, ${TOTAL_COLUMNS} FROM seconds WHERE at >= ? AND at < ? ORDER BY at`)
      .all(from, to) as unknown as PointRow[];
  if (step === '1m')
    return db
      .prepare(`SELECT at, ${TOTAL_COLUMNS} FROM minutes WHERE at >= ? AND at < ? ORDER BY at`)
      .all(from, to) as unknown as PointRow[];
  const sums = TOTAL_COLUMNS.split(', ')
    .map((c) => (c === 'avg' || c === 'alert' ? `max(${c}) AS ${c}` : `sum(${c}) AS ${c}`))
    .join(', ');
  return db
    .prepare(
      `SELECT at - (at % ${HOUR_MS}) AS h, ${sums} FROM minutes WHERE at >= ? AND at < ? GROUP BY h ORDER BY h`,
    )
    .all(from, to)
    .map((r) => ({ ...(r as unknown as PointRow), at: (r as { h: number }).h }));
}

/** One point per step from `from` to `to`, zero where nothing was stored, and their sum. */
function points(db: DatabaseSync, from: number, to: number, step: string, stepMs: number) {
  const out: HistoryPoint[] = [];
  const total = emptyTotals();
  const rows = pointRows(db, from, to, step);
  let i = 0;
  for (let at = from; at < to; at += stepMs) {
    let t: Totals = emptyTotals();
    if (i < rows.length && rows[i]!.at === at) t = totalsFromColumns(rows[i++]!);
    addTotals(total, t);
    out.push({ at, hits: t.hits, bytes: t.bytes, status: t.status, avg: t.avg, alert: t.alert });
  }
  return { points: out, total };
}

/** Top lists over [from, to) (whole minutes): hour rows where an hour lies inside, minutes elsewhere. */
function tops(db: DatabaseSync, from: number, to: number) {
  const hours = db
    .prepare(`SELECT ${TOP_COLUMNS}, hits FROM hours WHERE at >= ? AND at + ${HOUR_MS} <= ?`)
    .all(from, to) as unknown as TopColumns[];
  const minutes = db
    .prepare(
      `SELECT ${TOP_COLUMNS}, hits FROM minutes m WHERE at >= ? AND at < ? AND NOT EXISTS
       (SELECT 1 FROM hours h WHERE h.at = m.at - (m.at % ${HOUR_MS}) AND h.at >= ? AND h.at + ${HOUR_MS} <= ?)`,
    )
    .all(from, to, from, to) as unknown as TopColumns[];
  const rows = hours.concat(minutes).map(topsFromColumns);
  const anyHosts = rows.some((r) => r.hosts !== null);
  return {
    sections: merge(rows.map((r) => r.sections)),
    hosts: anyHosts ? merge(rows.map((r) => r.hostsOrUnknown)) : null,
    codes: merge(rows.map((r) => r.codes)),
    methods: merge(rows.map((r) => r.methods)),
    distinctHosts: Math.max(0, ...rows.map((r) => r.distinctHosts)),
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
      const p = points(db, from, to, step, STEP_MS[step]);
      const wide = alignRange(from, to, '1m');
      const stats = statsOf(p.total, (to - from) / 1000, tops(db, wide.from, wide.to));
      return { from, to, step, points: p.points, stats };
    },
    recent(seconds: number): SecondEvent[] {
      beforeRead();
      const last = newest();
      if (last === null || seconds <= 0) return [];
      const from = last - (Math.floor(seconds) - 1) * 1000;
      return points(db, from, last + 1000, '1s', 1000).points.map((p) => ({
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
      const rows = db
        .prepare(
          'SELECT type, at, avg, peak, hits, threshold, window, prefs FROM alerts WHERE at >= ? AND at < ? ORDER BY at, id',
        )
        .all(lo, hi) as unknown as Array<AlertRecord & { prefs: string }>;
      return rows.map((r) => ({ ...r, prefs: JSON.parse(r.prefs) as Record<string, unknown> }));
    },
    close,
  };
}
