import type { StatusClasses } from '../../common/types';

/** The scalar figures of a span of traffic. */
export interface Counts {
  hits: number;
  bytes: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  /** Hits whose status is known (the error-rate denominator). */
  statusKnown: number;
  malformed: number;
  late: number;
  skewed: number;
}

export function emptyCounts(): Counts {
  return {
    hits: 0,
    bytes: 0,
    s1: 0,
    s2: 0,
    s3: 0,
    s4: 0,
    s5: 0,
    statusKnown: 0,
    malformed: 0,
    late: 0,
    skewed: 0,
  };
}

/**
 * Count one hit's status and bytes (unknown ones, `undefined`, are not zero: they are skipped);
 * `n` such hits at once for a fleet's aggregate second (bytes then unknown).
 */
export function countHit(
  c: Counts,
  status: number | undefined,
  bytes: number | undefined,
  n = 1,
): void {
  c.hits += n;
  if (bytes !== undefined) c.bytes += bytes;
  if (status === undefined) return;
  c.statusKnown += n;
  if (status >= 100 && status < 200) c.s1 += n;
  else if (status >= 200 && status < 300) c.s2 += n;
  else if (status >= 300 && status < 400) c.s3 += n;
  else if (status >= 400 && status < 500) c.s4 += n;
  else if (status >= 500 && status < 600) c.s5 += n;
}

/** to += sign × from, field by field. */
export function addCounts(to: Counts, from: Counts, sign = 1): void {
  to.hits += sign * from.hits;
  to.bytes += sign * from.bytes;
  to.s1 += sign * from.s1;
  to.s2 += sign * from.s2;
  to.s3 += sign * from.s3;
  to.s4 += sign * from.s4;
  to.s5 += sign * from.s5;
  to.statusKnown += sign * from.statusKnown;
  to.malformed += sign * from.malformed;
  to.late += sign * from.late;
  to.skewed += sign * from.skewed;
}

/** The classes of `c`, summing to its hits: what no class took (unknown or out of range) is `other`. */
export function statusClasses(c: Counts): StatusClasses {
  const other = c.hits - c.s1 - c.s2 - c.s3 - c.s4 - c.s5;
  return { '1xx': c.s1, '2xx': c.s2, '3xx': c.s3, '4xx': c.s4, '5xx': c.s5, other };
}
