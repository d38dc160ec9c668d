// Writing outputs safely (docs/contract.md §7): never over an input, and never a half-written file at the
// target — write beside it under a temporary name, then rename. A temporary file still there
// when the process ends (an error, Ctrl-C, SIGTERM, SIGHUP) is removed: it may hold unmasked
// roster data.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { onExit } from '../exit.js';

/**
 * Refuses an output that is one of the inputs (roster, ratings, centres, policy file): the same
 * file by its device and inode when it exists (symlinks, hard links, `./`, another letter case
 * on a case-insensitive disk), else by its real path.
 */
export function assertNotAnInput(out: string, inputs: ReadonlyArray<string | undefined>): void {
  const target = identity(out);
  for (const input of inputs) {
    if (input === undefined) continue;
    if (sameFile(target, identity(input))) {
      throw new UserError(`输出文件 ${out} 与输入文件 ${input} 相同，为防止覆盖原始数据已停止。请用 -o 指定另一个文件名。`);
    }
  }
}

interface FileIdentity {
  path: string;
  inode?: { dev: bigint; ino: bigint };
}

function identity(p: string): FileIdentity {
  const abs = resolve(p);
  let path = abs;
  try {
    path = existsSync(abs) ? realpathSync.native(abs) : join(realpathSync.native(dirname(abs)), basename(abs));
  } catch {
    // an unreadable folder: the plain path is the best we know
  }
  try {
    const s = statSync(abs, { bigint: true });
    // Some file systems report inode 0 for every file: no identity to compare then.
    if (s.ino !== 0n) return { path, inode: { dev: s.dev, ino: s.ino } };
  } catch {
    // does not exist (yet)
  }
  return { path };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.inode && b.inode) return a.inode.dev === b.inode.dev && a.inode.ino === b.inode.ino;
  return a.path === b.path;
}

/** Temporary files being written now: removed by the exit handler if the run ends early. */
const pending = new Set<string>();
onExit(() => {
  for (const tmp of pending) rmSync(tmp, { force: true });
});

export async function writeAtomically(target: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const dir = dirname(resolve(target));
  if (!existsSync(dir)) throw new UserError(`输出文件夹 ${dir} 不存在，请先创建或换一个路径。`);
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  pending.add(tmp);
  try {
    await write(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw writeError(e, target, dir);
  } finally {
    pending.delete(tmp);
  }
}

/** Why a file could not be written, as one sentence naming the folder; other errors pass through. */
export function writeError(e: unknown, target: string, dir: string): unknown {
  if (e instanceof UserError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return new UserError(`无法写入 ${target}：文件夹 ${dir} 所在的磁盘空间不足（${code}），已删除未写完的临时文件。请清理磁盘或换一个文件夹（-o）后重试。`);
    case 'EROFS':
      return new UserError(`无法写入 ${target}：文件夹 ${dir} 在只读磁盘上（${code}）。请用 -o 换一个可写的文件夹。`);
    case 'EBUSY':
    case 'EPERM':
    case 'EACCES':
      return new UserError(`无法写入 ${target}（${code}）：文件可能正在 Excel/WPS 中打开，或文件夹 ${dir} 没有写权限。请关闭该文件或换一个文件夹（-o）后重试。`);
    case 'EIO':
      return new UserError(`无法写入 ${target}：文件夹 ${dir} 所在的磁盘读写出错（${code}）。请检查磁盘或换一个文件夹（-o）后重试。`);
    default:
      return e;
  }
}
