// Records kept between passes over a table (read the roster, then pay, then write each sheet):
// the first ones in memory, the rest in a temporary file, so a million-row roster costs disk,
// not memory. Iterable any number of times, in the order pushed.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from './exit.js';
import { UserError } from './errors.js';

/**
 * Records held in memory; the ones after them go to disk. A district's roster (up to 20,000
 * rows, ~20 MB) never touches disk. Past that, disk is the better buy: a 100k-row payroll
 * with its rows on disk runs within ~10% of one held in memory, at three quarters of the peak.
 * GOV_CLERK_SPOOL_ROWS overrides it (0 = always on disk), for a machine short of memory or disk.
 */
export function spoolInMemory(): number {
  const v = Number(process.env.GOV_CLERK_SPOOL_ROWS);
  return process.env.GOV_CLERK_SPOOL_ROWS !== undefined && Number.isInteger(v) && v >= 0 ? v : 20_000;
}
const FLUSH_CHARS = 1 << 20;
const READ_BYTES = 1 << 20;

const openSpools = new Set<Spool<unknown>>();
// A run that ends early (an error, Ctrl-C, SIGTERM, SIGHUP) still leaves no temporary files behind.
let exitHook = false;
function removeAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  onExit(() => {
    for (const s of openSpools) s.close();
  });
}

/** The temporary folder is full or not writable: one sentence naming it (exit 2). */
function spoolError(e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return e;
  const why = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' ? '空间不足' : '无法写入';
  return new UserError(
    `大花名册需要在临时文件夹 ${tmpdir()} 暂存数据，但该文件夹${why}（${code}），已停止并删除暂存文件。请清理磁盘，或把环境变量 TMPDIR（Windows 为 TEMP）设为有空间的文件夹后重试。`,
  );
}

/** How records are written to disk and read back (JSON of `encode`'s result). */
export interface SpoolCodec<T> {
  encode(record: T): unknown;
  decode(stored: unknown): T;
}

export const AS_IS: SpoolCodec<never> = { encode: (r) => r, decode: (s) => s as never };

export class Spool<T> implements Iterable<T> {
  private memory: T[] = [];
  private file?: { dir: string; fd: number };
  private pending = '';
  private count = 0;
  private closed = false;

  /** `inMemory`: how many records are kept in memory; the ones after them go to disk. */
  constructor(
    private readonly inMemory = spoolInMemory(),
    private readonly codec: SpoolCodec<T> = AS_IS,
    /** Called once, when the records move to disk: the input is a large one. */
    private readonly onSpill?: () => void,
    /** Bytes read at a time: less for the many sorted runs a merge reads side by side. */
    private readonly readBytes = READ_BYTES,
    /** Characters gathered before a write: less for the many stores written side by side. */
    private readonly flushChars = FLUSH_CHARS,
  ) {}

  get length(): number {
    return this.count;
  }

  /** True once the records are on disk (tests and the benchmark ask). */
  get onDisk(): boolean {
    return this.file !== undefined;
  }

  push(record: T): void {
    if (this.closed) throw new Error('spool closed');
    this.count++;
    if (!this.file) {
      if (this.memory.length < this.inMemory) {
        this.memory.push(record);
        return;
      }
      this.spill();
    }
    // JSON never contains a raw newline, so one record per line is unambiguous.
    this.pending += `${JSON.stringify(this.codec.encode(record))}\n`;
    if (this.pending.length >= this.flushChars) this.flush();
  }

  *[Symbol.iterator](): Iterator<T> {
    if (this.closed) throw new Error('spool closed');
    // The first records stay in memory; the rest follow from disk.
    yield* this.memory;
    if (!this.file) return;
    this.flush();
    const { fd } = this.file;
    const size = this.readBytes;
    const buf = Buffer.allocUnsafe(size);
    let carry = Buffer.alloc(0);
    let position = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, size, position);
      if (n === 0) break;
      position += n;
      const chunk = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      const end = chunk.lastIndexOf(0x0a);
      if (end < 0) {
        carry = Buffer.from(chunk);
        continue;
      }
      // A newline byte never occurs inside a UTF-8 sequence: the cut is always between records.
      const lines = chunk.toString('utf8', 0, end);
      carry = Buffer.from(chunk.subarray(end + 1));
      // One JSON.parse per megabyte instead of one per record.
      const decode = this.codec.decode;
      for (const stored of JSON.parse(`[${lines.replaceAll('\n', ',')}]`) as unknown[]) yield decode(stored);
    }
    if (carry.length) throw new Error('spool file truncated');
  }

  /** `using entries = new Spool(…)`: removed when the block ends, however it ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Removes the temporary file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.memory = [];
    if (this.file) {
      closeSync(this.file.fd);
      rmSync(this.file.dir, { recursive: true, force: true });
      this.file = undefined;
    }
    openSpools.delete(this as Spool<unknown>);
  }

  private spill(): void {
    this.onSpill?.();
    // Roster rows hold names and ID numbers: a folder only this user can open (mkdtemp makes
    // it 0700), a file only this user can read, removed when the run ends.
    removeAllOnExit();
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'gov-clerk-spool-'));
      this.file = { dir, fd: openSync(join(dir, 'spool.jsonl'), 'w+', 0o600) };
    } catch (e) {
      if (dir) rmSync(dir, { recursive: true, force: true });
      throw spoolError(e);
    }
    openSpools.add(this as Spool<unknown>);
  }

  private flush(): void {
    if (!this.file || this.pending === '') return;
    try {
      writeSync(this.file.fd, this.pending);
    } catch (e) {
      this.close();
      throw spoolError(e);
    }
    this.pending = '';
  }
}
