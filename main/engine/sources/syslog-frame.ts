/**
 * Reads the header of one syslog message, RFC 3164 (BSD) or RFC 5424, and
 * returns the sender's hostname and tag and the message part, which is the
 * log line. Pure; never throws. See docs/reference/sources.md.
 *
 *   RFC 3164: `<190>Nov 28 08:00:00 web1 nginx: 127.0.0.1 - - [...] "GET / ..." 200 5`
 *             (what nginx sends; the day is space-padded; `TAG[pid]:` and `TAG text` are also read,
 *             and rsyslog's forward format puts an RFC 3339 time in the same place)
 *   RFC 5424: `<190>1 2026-11-28T08:00:00Z web1 nginx 42 - [sd id="x"] \uFEFF127.0.0.1 ...`
 *             (`-` is a nil value; the message may start with a byte order mark)
 */

/** What a syslog message was: its origin and the log line, or why it is not a syslog message. */
export type SyslogMessage =
  | {
      ok: true;
      /** HOSTNAME from the header; null when the sender left it nil (`-`). */
      host: string | null;
      /** TAG (RFC 3164) or APP-NAME (RFC 5424); null when nil. */
      tag: string | null;
      message: string;
    }
  | { ok: false; reason: string };

/** Highest PRI: facility 23, severity 7. */
const MAX_PRI = 191;
const PRI = /^<(\d{1,3})>/;
/** `Mmm dd hh:mm:ss` (day space-padded or not), or an RFC 3339 time as rsyslog forwards it. */
const BSD_TIME = String.raw`(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) `;
/**
 * TIME HOSTNAME SP TAG, optionally `[pid]`, then `:` and an optional space, or
 * just a space: RFC 3164 ends the TAG at its first non-alphanumeric character,
 * and rsyslog relays an RFC 5424 APP-NAME as `TAG text`. The TAG must start
 * alphanumeric, so a line sent without HOSTNAME and TAG is not misread.
 */
const BSD_HEADER = new RegExp(
  String.raw`^${BSD_TIME}(\S+) ([A-Za-z0-9][^\s:[\]]{0,47})(?:\[[^\]]*\])?(?:: ?| |:?$)`,
);
const BSD_TIME_ONLY = new RegExp(`^${BSD_TIME}`);
/** VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP */
const IETF_HEADER = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
const BOM = '\ufeff';

/** Drops what UDP senders sometimes append to a message: a line ending or NULs. */
function trimTrailer(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x0a && c !== 0x0d && c !== 0) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

const nil = (field: string): string | null => (field === '-' ? null : field);

/** Parses one syslog message (already de-framed and decoded). */
export function parseSyslogMessage(frame: string): SyslogMessage {
  const text = trimTrailer(frame);
  const pri = PRI.exec(text);
  if (!pri) return { ok: false, reason: 'not a syslog message: no <PRI> at the start' };
  if (Number(pri[1]) > MAX_PRI)
    return { ok: false, reason: `syslog PRI ${pri[1]} is out of range` };
  const rest = text.slice(pri[0].length);
  return rest.startsWith('1 ') ? parseIetf(rest) : parseBsd(rest);
}

function parseBsd(rest: string): SyslogMessage {
  const m = BSD_HEADER.exec(rest);
  if (m) return { ok: true, host: m[1]!, tag: m[2]!, message: rest.slice(m[0].length) };
  const reason = BSD_TIME_ONLY.test(rest)
    ? 'RFC 3164 message without HOSTNAME and TAG before the text'
    : 'syslog message without a timestamp after <PRI>';
  return { ok: false, reason };
}

function parseIetf(rest: string): SyslogMessage {
  const m = IETF_HEADER.exec(rest);
  if (!m) return { ok: false, reason: 'incomplete RFC 5424 header' };
  const sdEnd = structuredDataEnd(rest, m[0].length);
  if (sdEnd < 0) return { ok: false, reason: 'RFC 5424 structured data is not well formed' };
  let message = '';
  if (sdEnd < rest.length) {
    if (rest[sdEnd] !== ' ')
      return { ok: false, reason: 'RFC 5424 structured data is not well formed' };
    message = rest.slice(sdEnd + 1);
    if (message.startsWith(BOM)) message = message.slice(1);
    // rsyslog relays a BSD message's text with the space that followed its `TAG:`.
    else if (message.startsWith(' ')) message = message.slice(1);
  }
  return { ok: true, host: nil(m[2]!), tag: nil(m[3]!), message };
}

/**
 * Index just past STRUCTURED-DATA starting at `from` (`-` or one or more
 * `[id name="value" ...]`, where `\"`, `\\` and `\]` are escapes inside a
 * value), or -1 if it is not well formed.
 */
function structuredDataEnd(s: string, from: number): number {
  if (s[from] === '-') return from + 1;
  let i = from;
  if (s[i] !== '[') return -1;
  while (s[i] === '[') {
    i++;
    let quoted = false;
    for (;;) {
      const c = s[i];
      if (c === undefined) return -1;
      if (quoted) {
        if (c === '\\') i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ']') break;
      i++;
    }
    i++;
  }
  return i;
}
