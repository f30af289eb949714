/** A bad flag or value: exit 2 with this message (see docs/reference/command-line.md). */
export class UsageError extends Error {}
