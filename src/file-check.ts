// An input is a regular file, known to be one before it is opened (issue 24.2: opening a FIFO
// blocks until a writer comes, and Ctrl-C or SIGTERM cannot end a run stuck in that open), and
// it is the same file when its hash is taken after the read as when the read began (issue 24.6:
// the hash recorded in 政策参数 and JSON must be that of the rows read).
import { createHash } from 'node:crypto';
import { constants, statSync, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UserError } from './errors.js';

/** Read-only and non-blocking: a FIFO put in a file's place between the check and the open does not hang. */
export const READ_NONBLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type FileKind = 'file' | 'directory' | 'other';

/** What `path` is, by its stat (which never blocks); errno errors (ENOENT, EACCES, ENOTDIR) are thrown. */
export function fileKind(path: string): FileKind {
  const s = statSync(path);
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

interface Identity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

const identityOf = (s: BigIntStats): Identity => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs });
const same = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** Each input as it was when first opened in this run, by its absolute path. */
const openedAs = new Map<string, Identity>();

/** Records the file as it is when a read of it begins (the first time only: later opens read the same file). */
export function noteOpened(path: string, stat: BigIntStats): void {
  const key = resolve(path);
  if (!openedAs.has(key)) openedAs.set(key, identityOf(stat));
}

function changedUnderRead(path: string): UserError {
  return new UserError(`文件 ${basename(path)} 在读取过程中被改动或替换了（大小、修改时间或文件本身变了），读到的内容无法确定，已停止、没有写出结果。请等保存它的程序写完（或先把它复制一份）后重新运行。`);
}

/**
 * The sha256 of the input, refused when the file is not the one whose read began (noteOpened) or
 * changes while it is hashed: then the rows read and the hash recorded could be of two versions.
 */
export async function hashAsRead(path: string): Promise<string> {
  let fh;
  try {
    fh = await open(path, READ_NONBLOCK);
  } catch {
    throw changedUnderRead(path); // it was read a moment ago: gone or unreadable now means replaced
  }
  try {
    const before = await fh.stat({ bigint: true });
    if (!before.isFile()) throw changedUnderRead(path);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; ; ) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    const after = identityOf(await fh.stat({ bigint: true }));
    const first = openedAs.get(resolve(path)) ?? identityOf(before);
    if (!same(first, identityOf(before)) || !same(first, after)) throw changedUnderRead(path);
    return hash.digest('hex');
  } finally {
    await fh.close();
  }
}

/** The first part of `path` that exists and is not a folder (for ENOTDIR: 花名册.xlsx/x.csv). */
export function notADirectory(path: string): string {
  const parts = resolve(path).split(/[\\/]/);
  for (let i = 2; i <= parts.length; i++) {
    const p = parts.slice(0, i).join('/') || '/';
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      break;
    }
  }
  return path;
}

/** The first `bytes` bytes of a file already known to be a regular one (a header line to sniff). */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, READ_NONBLOCK);
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
