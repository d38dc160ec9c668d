// A CSV file's records (docs/contract.md §3): the bytes checked and decoded, then split into records.
//
// Excel and WPS quote a field only when it holds the delimiter, a quote or a line break, and
// other exporters quote every field; either way most lines need no CSV parser: their fields are
// the text between delimiters, quotes taken off. `SimpleLines` splits such lines directly,
// several times faster than csv-parse proving the same character by character (a year of
// long-form ratings is 1.2 million lines). From the first line that is not that simple on,
// csv-parse reads the rest of the file. Both give the same records as csv-parse alone
// (test/io/csv.test.ts compares them on random text): the same line ends (\r\n and \n alike,
// or \r alone in a file whose first line break is a bare \r), a BOM dropped, an empty line as one empty
// field, no record after a final line break.
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors.js';
import { LIMITS } from './limits.js';
import { asReadError } from './read-error.js';

/** A row of a real roster is a few hundred characters; a million is a broken or hostile file. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;

const CR = Buffer.from('\r');

/** Records handed on at a time: one await per batch, not per record. */
const BATCH = 1024;

/** A CSV file's records a batch at a time, checked against Excel's limits (no cells yet). */
export async function* csvRecords(path: string, encoding: string, delimiter: string): AsyncGenerator<string[][]> {
  const name = basename(path);
  // UTF-8 bytes are checked with isUtf8 and stay bytes (decoded only where split here, as
  // csv-parse reads bytes); other encodings are decoded.
  const decoder = encoding === 'utf-8' ? utf8Checker(name) : decoderFor(encoding, name, (await import('iconv-lite')).default);
  const text: AsyncIterable<string | Buffer> & { destroy(): void } = decoder;
  // pipeline, not pipe: an error in reading must reach the loop below, not hang it.
  pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), decoder).catch(() => {
    // the same error is thrown by the decoder's iterator
  });
  // No row limit here: a CSV is not bound by Excel's 1,048,576 rows (a year of long-form ratings
  // for 100,000 clerks is 1.2 million lines), and its size is that of the file, not a zip bomb.
  let row = 0;
  try {
    for await (const records of parseText(text, delimiter)) {
      for (const record of records) {
        row += 1;
        if (record.length > LIMITS.columns) throw new UserError(`文件 ${name} 第 ${row} 行有 ${record.length} 列，超过 Excel 的上限 ${LIMITS.columns} 列，文件可能已损坏。`);
        for (const v of record) {
          if (v.length > LIMITS.cellChars) throw new UserError(`文件 ${name} 第 ${row} 行有单元格超过 ${LIMITS.cellChars} 个字符（Excel 的上限），文件可能已损坏。`);
        }
      }
      yield records;
    }
  } catch (e) {
    if (e instanceof RecordTooLong) {
      throw new UserError(`文件 ${name} 第 ${e.line} 行起有一条超长记录（超过 ${MAX_CSV_RECORD_CHARS} 个字符），多半是引号没有配对。请在 Excel 中打开检查后另存为 CSV 再试。`);
    }
    throw asReadError(e, path, row + 1);
  } finally {
    text.destroy();
  }
}

/**
 * Excel's "Unicode 文本" export is tab-separated UTF-16, and some regional settings write ';':
 * the separator the first lines use most (outside quotes) wins over ','.
 */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  const count = (d: string) => lines.reduce((n, l) => n + l.replace(/"[^"]*"/g, '').split(d).length - 1, 0);
  const best = ['\t', ';'].find((d) => count(d) > count(','));
  return best ?? ',';
}

/**
 * The records of CSV text (strings, or UTF-8 bytes cut between characters): simple lines
 * split here, the rest by csv-parse.
 */
export async function* parseText(text: AsyncIterable<string | Buffer>, delimiter: string, batch = BATCH): AsyncGenerator<string[][]> {
  const lines = new SimpleLines(delimiter);
  const it = text[Symbol.asyncIterator]();
  for (;;) {
    const next = await it.next();
    if (next.done) lines.end();
    else lines.push(typeof next.value === 'string' ? next.value : next.value.toString('utf8'));
    for (let records = lines.take(batch); records.length > 0; records = lines.take(batch)) yield records;
    if (lines.quoted !== undefined) {
      yield* withCsvParse(lines.quoted, it, { delimiter, recordDelimiter: lines.recordDelimiter, before: lines.count, batch });
      return;
    }
    if (next.done) return;
  }
}

/** A record longer than MAX_CSV_RECORD_CHARS, starting on this line (1-based). */
export class RecordTooLong extends Error {
  constructor(readonly line: number) {
    super(`record ${line} is too long`);
  }
}

type RecordDelimiter = '\r\n' | '\n' | '\r';

/**
 * Where a line ends. A file whose first line break is \r\n or \n has lines ending in either:
 * a header saved by Excel (\r\n) above rows appended by another program (\n) must not
 * become one record (rows would vanish). Only a file of bare \r (old Mac) splits on \r.
 */
function lineEnd(rd: RecordDelimiter): '\n' | '\r' {
  return rd === '\r' ? '\r' : '\n';
}

/** The record delimiters csv-parse is given for a file whose first line break is `rd`. */
export function csvParseDelimiters(rd: RecordDelimiter): string[] {
  return rd === '\r' ? ['\r'] : ['\r\n', '\n'];
}

/**
 * The first line break of a text, quotes or not (a quoted line break in a CRLF file still makes
 * it a file of \r\n-or-\n lines); undefined when there is none yet, or a \r ends the text and
 * a \n may follow.
 */
export function firstLineBreak(text: string): RecordDelimiter | undefined {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  const i = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
  if (i < 0) return undefined;
  if (i === lf) return '\n';
  return i + 1 < text.length ? (text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r') : undefined;
}

/**
 * Splits CSV text into records line by line while each line is simple: every field either
 * holds no quote character, or is wholly quoted with no quote inside ("张三"). Such a line's
 * record is its fields between delimiters, quotes taken off; a line break or delimiter inside
 * quotes makes a line that is not simple, as does a line longer than csv-parse's record limit.
 * At the first line that is not simple, the text from its start on is left in `quoted` for
 * csv-parse (and `push` must not be called again).
 *
 * Text goes in a chunk at a time (`push`, then `end`); records come out a batch at a time
 * (`take`), so that a chunk's records are not all alive at once (they would outlive the young
 * generation, and copying them is most of what the garbage collector would do here).
 */
export class SimpleLines {
  /** Discovered like csv-parse: the first line break in the file decides, for the whole file. */
  recordDelimiter: RecordDelimiter | undefined;
  quoted: string | undefined;
  /** Records taken so far. */
  count = 0;
  /** The text being taken from: complete lines up to `complete`, the next one starting at `at`. */
  private text = '';
  private at = 0;
  private complete = 0;
  private started = false;

  constructor(private readonly delimiter: string) {}

  /** Adds a chunk of text: its complete lines can then be taken. */
  push(chunk: string): void {
    let text = this.text.slice(this.at) + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM
    }
    this.text = text;
    this.at = 0;
    this.complete = 0;
    const rd = (this.recordDelimiter ??= this.discover(text, false));
    if (this.quoted !== undefined) return;
    const last = rd === undefined ? -1 : text.lastIndexOf(lineEnd(rd));
    if (text.length - (last < 0 ? 0 : last + 1) > MAX_CSV_RECORD_CHARS) {
      // A line this long is csv-parse's to judge (a quote left open, most likely).
      this.handOver(0);
      return;
    }
    this.complete = last < 0 ? 0 : last + 1;
  }

  /** The text has ended: its last line can be taken too, with or without a line break after it. */
  end(): void {
    const text = this.text.slice(this.at);
    this.text = text;
    this.at = 0;
    this.complete = text.length;
    if (text === '' || this.quoted !== undefined) return;
    this.recordDelimiter ??= this.discover(text, true);
  }

  /** Up to `n` records of complete lines; none when all are taken or a line is not simple. */
  take(n: number): string[][] {
    const out: string[][] = [];
    if (this.quoted !== undefined) return out;
    const { text, complete, delimiter } = this;
    const rd = this.recordDelimiter;
    const end = rd === undefined ? '' : lineEnd(rd);
    while (out.length < n && this.at < complete) {
      const stop = end === '' ? -1 : text.indexOf(end, this.at);
      // The last line of the text may have no line break after it.
      const next = stop < 0 || stop >= complete ? complete : stop;
      // In a file of \r\n lines a line may still end in \n alone (and the other way round).
      const cut = next === stop && end === '\n' && next > this.at && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
      const record = cut - this.at > MAX_CSV_RECORD_CHARS ? null : simpleRecord(text.slice(this.at, cut), delimiter);
      if (record === null) {
        this.handOver(this.at);
        break;
      }
      out.push(record);
      this.at = next + (next === stop ? 1 : 0);
    }
    this.count += out.length;
    return out;
  }

  private handOver(from: number): void {
    this.quoted = this.text.slice(from);
    this.text = '';
    this.at = this.complete = 0;
  }

  /**
   * How lines end, from the first \r or \n in the text (see lineEnd); when the line before it
   * is not simple, csv-parse reads the file from its start with the same line ends. Undefined
   * while there is no line break yet, or while a \r ends the text and the next chunk may start with \n.
   */
  private discover(text: string, atEnd: boolean): RecordDelimiter | undefined {
    const rd = firstLineBreak(text) ?? (atEnd && text.endsWith('\r') && !/\n/.test(text) ? '\r' : undefined);
    if (rd === undefined) return undefined;
    const i = Math.min(...['\r', '\n'].map((c) => text.indexOf(c)).filter((x) => x >= 0));
    // The first line is not simple: csv-parse reads from the start, with the same line ends.
    if (simpleRecord(text.slice(0, i), this.delimiter) === null) this.handOver(0);
    return rd;
  }
}

/** A simple line's record (see SimpleLines), or null. */
function simpleRecord(line: string, delimiter: string): string[] | null {
  const fields = line.split(delimiter);
  if (!line.includes('"')) return fields;
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j]!;
    if (!f.includes('"')) continue;
    if (f.length < 2 || f.charCodeAt(0) !== 34 || f.indexOf('"', 1) !== f.length - 1) return null;
    fields[j] = f.slice(1, -1);
  }
  return fields;
}

/** csv-parse reads `first` and then the rest of the text; `before` records came before it. */
async function* withCsvParse(
  first: string,
  rest: AsyncIterator<string | Buffer>,
  opts: { delimiter: string; recordDelimiter: RecordDelimiter | undefined; before: number; batch: number },
): AsyncGenerator<string[][]> {
  const { parse } = await import('csv-parse');
  // Handed over from the file's first line: find its first line break as csv-parse would.
  const rd = opts.recordDelimiter ?? firstLineBreak(first) ?? '\n';
  const parser = parse({
    delimiter: opts.delimiter,
    ...(rd ? { record_delimiter: csvParseDelimiters(rd) } : {}),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: false, // dropped already
    // An unclosed quote would otherwise swallow the rest of the file into one field.
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // With several record delimiters csv-parse does not wait for the \n of a \r\n cut between
  // two chunks: a chunk's final \r goes with the next chunk.
  async function* text(): AsyncGenerator<string | Buffer> {
    let held = false;
    for (let chunk: string | Buffer | undefined = first; chunk !== undefined; ) {
      const n = await rest.next();
      let piece: string | Buffer = chunk;
      if (held) piece = typeof piece === 'string' ? `\r${piece}` : Buffer.concat([CR, piece]);
      held = !n.done && piece.length > 0 && (typeof piece === 'string' ? piece.charCodeAt(piece.length - 1) : piece[piece.length - 1]) === 13;
      if (held) piece = typeof piece === 'string' ? piece.slice(0, -1) : piece.subarray(0, -1);
      if (piece.length) yield piece;
      chunk = n.done ? undefined : n.value;
    }
    if (held) yield '\r';
  }
  const batches = batcher<string[]>(opts.batch);
  // pipeline, not pipe: an error in reading or decoding must reach the loop below, not hang it.
  pipeline(Readable.from(text()), parser, batches).catch(() => {
    // the same error is thrown by the batches' iterator
  });
  try {
    yield* batches as AsyncIterable<string[][]>;
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      // The parser counts the records it has finished; some may still wait in the batcher.
      throw new RecordTooLong(opts.before + ((e as { records?: number }).records ?? 0) + 1);
    }
    throw e;
  }
}

/** Groups a stream of records into arrays, so the reader awaits once per batch. */
function batcher<T>(size: number): Transform {
  let batch: T[] = [];
  return new Transform({
    objectMode: true,
    transform(record: T, _enc, done) {
      batch.push(record);
      if (batch.length >= size) {
        this.push(batch);
        batch = [];
      }
      done();
    },
    flush(done) {
      if (batch.length) this.push(batch);
      done();
    },
  });
}

/**
 * Passes UTF-8 bytes through unchanged after checking them: a sequence that is not UTF-8 stops
 * the run (exit 2), naming its line, instead of becoming a replacement character in a name.
 * A character split between two chunks is held back until the next one.
 */
function utf8Checker(name: string): Transform {
  let carry: Buffer | undefined;
  let line = 1;
  const bad = (at: Buffer) => {
    // The line of the first bad byte: count the newlines before what the lenient decoder marks.
    const text = new TextDecoder('utf-8').decode(at);
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
    for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line += 1;
    return new UserError(
      `文件 ${name} 第 ${line} 行附近有不是 UTF-8 编码的字节，文件可能已损坏或混用了编码。请在 Excel 或 WPS 中打开，另存为"CSV UTF-8（逗号分隔）"后再试。`,
    );
  };
  return new Transform({
    readableObjectMode: true, // each chunk whole: it ends between characters
    transform(chunk: Buffer, _enc, done) {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeUtf8(buf);
      const head = buf.subarray(0, cut);
      carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : undefined;
      if (!isUtf8(head)) return done(bad(head));
      for (let i = head.indexOf(10); i >= 0; i = head.indexOf(10, i + 1)) line += 1;
      done(null, head);
    },
    flush(done) {
      done(carry ? bad(carry) : null);
    },
  });
}

/** Length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
export function completeUtf8(buf: Buffer): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const need = lead < 0x80 ? 1 : (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 1;
  return buf.length - i < need ? i : buf.length;
}

/**
 * Decodes the CSV bytes. A byte sequence that is not valid in the detected encoding stops the
 * run (exit 2) instead of becoming a replacement character in someone's name.
 */
function decoderFor(encoding: string, name: string, iconv: typeof import('iconv-lite')): Transform {
  const utf = encoding.startsWith('utf');
  const decoder = utf ? new TextDecoder(encoding, { fatal: true, ignoreBOM: false }) : iconv.getDecoder(encoding);
  let line = 1;
  const bad = () =>
    new UserError(
      `文件 ${name} 第 ${line} 行附近有不是 ${utf ? 'UTF-8' : 'GBK/GB18030'} 编码的字节，文件可能已损坏或混用了编码。请在 Excel 或 WPS 中打开，另存为"CSV UTF-8（逗号分隔）"后再试。`,
    );
  const countLines = (text: string) => {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line += 1;
  };
  /** Throws at the first replacement character, naming its line. */
  const check = (text: string) => {
    const at = text.indexOf('\uFFFD');
    if (at >= 0) {
      countLines(text.slice(0, at));
      throw bad();
    }
    countLines(text);
    return text;
  };
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true, // strings, one per chunk
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, check(utf ? (decoder as TextDecoder).decode(chunk, { stream: true }) : (decoder as { write(b: Buffer): string }).write(chunk)));
      } catch (e) {
        if (e instanceof UserError) return done(e);
        // The strict decoder says only that the chunk is bad: find the line the lenient one marks.
        try {
          check(new TextDecoder(encoding).decode(chunk));
        } catch {
          // counted up to the bad bytes
        }
        done(bad());
      }
    },
    flush(done) {
      try {
        const tail = utf ? (decoder as TextDecoder).decode() : ((decoder as { end(): string | undefined }).end() ?? '');
        done(null, check(tail));
      } catch (e) {
        done(e instanceof UserError ? e : bad());
      }
    },
  });
}
