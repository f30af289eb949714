/** Exit statuses of `http-console`, one home for the code and --help. */
export const EXIT = {
  ok: 0,
  /** The file cannot be read (a batch run), or the server cannot listen. */
  unreadable: 1,
  /** A bad flag or value. */
  usage: 2,
  /** A batch run read lines, and none of them was a log line. */
  notALog: 3,
  /** A bug: an error nothing expected. */
  internal: 70,
} as const;
