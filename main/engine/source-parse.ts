/**
 * What each source of a monitor keeps for itself while its lines are parsed
 * (docs/reference/sources.md): its parser (a W3C `#Fields` directive belongs
 * to one file), the byte reader of its common/combined lines, the detector
 * of its format, and its row in the `sources` breakdown. Counting, the clock
 * and alerting stay shared by all sources.
 */
import type { FormatName } from '../common/types';
import { createParser } from './parse';
import { createClfByteReader } from './parse/clf-bytes';
import { createFormatDetector, type FormatDetector } from './parse/format-detector';
import type { LineParser } from './parse/types';
import type { KeyRecord, KeyTable } from './stats/key-table';

/** One source's parse state; made by `MonitorCore.source(name)`. */
export class SourceParse {
  parser: LineParser | null = null;
  /** The byte-level reader of common/combined lines in their usual shape; null for other formats. */
  byteReader: ReturnType<typeof createClfByteReader> | null = null;
  /** Format `auto`: decides from this source's first lines that parse. */
  readonly detector: FormatDetector = createFormatDetector();
  private record: KeyRecord<string> | null = null;

  constructor(
    readonly name: string,
    private readonly table: KeyTable<string>,
  ) {}

  /** Parse this source's lines as `format` from now on. */
  use(format: FormatName): void {
    this.parser = createParser(format);
    this.byteReader = format === 'common' || format === 'combined' ? createClfByteReader() : null;
  }

  get format(): FormatName | null {
    return this.parser?.format ?? null;
  }

  /** Its key in the sources table (looked up again if a flood of sources evicted it). */
  key(): KeyRecord<string> | null {
    const r = this.record;
    if (r !== null && !r.evicted) return r;
    return (this.record = this.table.touch(this.name, true));
  }
}
