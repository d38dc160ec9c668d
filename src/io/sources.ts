// Opens a spreadsheet file as a stream of sheets, each a stream of rows of normalized cells.
// Nothing here knows what a roster is; src/io/table.ts finds the header.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors.js';
import { textCell, type Cell } from './cell.js';
import { detectEncoding, SNIFF_BYTES } from './encoding.js';
import { LIMITS } from './limits.js';

export interface RawRow {
  row: number; // 1-based, as Excel shows it
  cells: Cell[]; // index 0 = column A
}

export interface SourceSheet {
  name: string | undefined; // undefined for CSV
  date1904: boolean; // the workbook counts serial days from 1904 (old Mac Excel)
  /** The rows in order, a batch at a time: one await per batch, not per row. */
  batches: AsyncIterable<RawRow[]>;
}

export interface Source {
  format: 'xlsx' | 'csv';
  encoding?: string;
  sheets: AsyncIterable<SourceSheet>;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function openSource(path: string): Promise<Source> {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`找不到文件 ${path}，请检查文件名和路径。`);
    if (code === 'EISDIR') throw new UserError(`${path} 是一个文件夹，请指定其中的 .xlsx 或 .csv 文件。`);
    throw new UserError(`无法读取文件 ${path}（${code ?? '未知错误'}），请检查文件权限。`);
  }
  if (head.length === 0) throw new UserError(`文件 ${name} 是空文件（0 字节），请重新导出后再试。`);

  if (head.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new UserError(
      `文件 ${name} 是 Excel 97-2003 (.xls)、WPS (.et) 格式或设置了打开密码的工作簿，无法直接读取。请在 Excel 或 WPS 中打开，去掉密码后"另存为" Excel 工作簿 (.xlsx) 再试。`,
    );
  }
  if (ext === '.xls' || ext === '.et' || ext === '.ett' || ext === '.xlt') {
    throw new UserError(`不支持 ${ext} 文件 ${name}。请在 Excel 或 WPS 中"另存为" Excel 工作簿 (.xlsx) 再试。`);
  }
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC);
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!isZip) {
      throw new UserError(
        `文件 ${name} 的扩展名是 ${ext}，但内容不是 Excel 工作簿${looksLikeText(head) ? '（看起来是 CSV 文本，请把扩展名改为 .csv）' : '（文件可能已损坏）'}。请在 Excel 或 WPS 中打开并另存为 .xlsx 再试。`,
      );
    }
    return { format: 'xlsx', sheets: sheetsOf({ kind: 'xlsx', path }) };
  }
  if (ext === '.csv' || ext === '.txt') {
    if (isZip) throw new UserError(`文件 ${name} 的扩展名是 ${ext}，但内容是 Excel 工作簿。请把扩展名改为 .xlsx 再试。`);
    const encoding = detectEncoding(head);
    const { default: iconv } = await import('iconv-lite');
    const delimiter = detectDelimiter(iconv.decode(head, encoding));
    return { format: 'csv', encoding, sheets: sheetsOf({ kind: 'csv', path, encoding, delimiter }) };
  }
  throw new UserError(`不支持的文件类型 ${ext || '（无扩展名）'}：${name}。请提供 .xlsx 或 .csv 文件（在 Excel/WPS 中"另存为"即可）。`);
}

function looksLikeText(head: Buffer): boolean {
  return !head.subarray(0, 512).some((b) => b === 0);
}

/** What to read, once the file is known to be readable: plain data, so a worker can be told. */
export type SheetJob = { kind: 'xlsx'; path: string } | { kind: 'csv'; path: string; encoding: string; delimiter: string };

/** Reads on the second core when a worker can run there, else here; the same rows either way. */
async function* sheetsOf(job: SheetJob): AsyncGenerator<SourceSheet> {
  const thread = await import('./source-thread.js');
  yield* thread.workerAvailable() ? thread.sheetsInWorker(job, () => readSheets(job)) : readSheets(job);
}

/** Reads a job's sheets in this thread (the worker calls this too). */
export function readSheets(job: SheetJob): AsyncIterable<SourceSheet> {
  return job.kind === 'xlsx' ? xlsxSheets(job.path) : csvSheets(job.path, job.encoding, job.delimiter);
}

// Readers are loaded on first use: `gov-clerk --help` should not pay for them.
async function* xlsxSheets(path: string): AsyncGenerator<SourceSheet> {
  try {
    const { readXlsx } = await import('./xlsx-reader.js');
    for await (const sheet of readXlsx(path, basename(path))) {
      yield { ...sheet, batches: guardRows(sheet.batches, path) };
    }
  } catch (e) {
    throw asReadError(e, path);
  }
}

/** Errors inside a sheet (bad XML, a truncated zip) become one sentence too. */
async function* guardRows(batches: AsyncIterable<RawRow[]>, path: string): AsyncGenerator<RawRow[]> {
  let last = 0;
  try {
    for await (const b of batches) {
      last = b[b.length - 1]?.row ?? last;
      yield b;
    }
  } catch (e) {
    throw asReadError(e, path, last + 1);
  }
}

async function* csvSheets(path: string, encoding: string, delimiter: string): AsyncGenerator<SourceSheet> {
  yield { name: undefined, date1904: false, batches: csvRows(path, encoding, delimiter) };
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

/** A CSV file's records a batch at a time, checked against Excel's limits (no cells yet). */
export async function* csvRecords(path: string, encoding: string, delimiter: string): AsyncGenerator<string[][]> {
  const { parse: parseCsv } = await import('csv-parse');
  const parser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
    // An unclosed quote would otherwise swallow the rest of the file into one field.
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // UTF-8 bytes go to the parser as they are (checked, not decoded twice); others are decoded.
  const decoder = encoding === 'utf-8' ? utf8Checker(basename(path)) : decoderFor(encoding, basename(path), (await import('iconv-lite')).default);
  const batches = batcher<string[]>();
  // pipeline, not pipe: an error in reading or decoding must reach the loop below, not hang it.
  pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), decoder, parser, batches).catch(() => {
    // the same error is thrown by the batches' iterator
  });
  // No row limit here: a CSV is not bound by Excel's 1,048,576 rows (a year of long-form ratings
  // for 100,000 clerks is 1.2 million lines), and its size is that of the file, not a zip bomb.
  let row = 0;
  try {
    for await (const records of batches as AsyncIterable<string[][]>) {
      for (const record of records) {
        row += 1;
        if (record.length > LIMITS.columns) throw new UserError(`文件 ${basename(path)} 第 ${row} 行有 ${record.length} 列，超过 Excel 的上限 ${LIMITS.columns} 列，文件可能已损坏。`);
        for (const v of record) {
          if (v.length > LIMITS.cellChars) throw new UserError(`文件 ${basename(path)} 第 ${row} 行有单元格超过 ${LIMITS.cellChars} 个字符（Excel 的上限），文件可能已损坏。`);
        }
      }
      yield records;
    }
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      // The parser counts the records it has finished; some may still wait in the batcher.
      const at = ((e as { records?: number }).records ?? row) + 1;
      throw new UserError(`文件 ${basename(path)} 第 ${at} 行起有一条超长记录（超过 ${MAX_CSV_RECORD_CHARS} 个字符），多半是引号没有配对。请在 Excel 中打开检查后另存为 CSV 再试。`);
    }
    throw asReadError(e, path, row + 1);
  }
}

/** Records as rows of text cells; `first` is the row number of the first record. */
export function recordsToRows(first: number, records: readonly string[][]): RawRow[] {
  const out: RawRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const cells: Cell[] = new Array(record.length);
    for (let c = 0; c < record.length; c++) cells[c] = textCell(record[c]!);
    out[i] = { row: first + i, cells };
  }
  return out;
}

async function* csvRows(path: string, encoding: string, delimiter: string): AsyncGenerator<RawRow[]> {
  let row = 1;
  for await (const records of csvRecords(path, encoding, delimiter)) {
    yield recordsToRows(row, records);
    row += records.length;
  }
}

/** Groups a stream of records into arrays, so the reader awaits once per batch. */
function batcher<T>(size = 1024): Transform {
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

/** A row of a real roster is a few hundred characters; a million is a broken or hostile file. */
const MAX_CSV_RECORD_CHARS = 1_000_000;

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
    readableObjectMode: false,
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

function asReadError(e: unknown, path: string, row?: number): unknown {
  if (e instanceof UserError) return e;
  if (process.env.DEBUG) console.error(e);
  const where = row ? `第 ${row} 行附近` : '';
  // The library's own words (English, technical) go to DEBUG only.
  return new UserError(`无法读取文件 ${basename(path)}${where}：文件已损坏或格式不正确。请在 Excel 或 WPS 中打开并重新保存（另存为 .xlsx 或 CSV）后再试。`);
}
