// Writing outputs safely (docs/contract.md §7): never over an input, and never a half-written file at the
// target — write beside it under a temporary name, then rename. A temporary file still there
// when the process ends (an error, Ctrl-C, SIGTERM, SIGHUP) is removed: it may hold unmasked
// roster data.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import { chmod, copyFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
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
  for (const tmp of pending) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // one that cannot be removed must not keep the others
    }
  }
});

/**
 * How an output is created (issue 24.5): `private` (it may hold unmasked 身份证号) is readable by
 * its owner only (0600), else as the umask makes new files (0644 at umask 022). Writing over an
 * existing file never widens its mode: one the user made 0600 stays 0600.
 */
export interface WriteMode {
  private: boolean;
}

export async function writeAtomically(target: string, write: (tmpPath: string) => Promise<void>, how: WriteMode = { private: false }): Promise<void> {
  await writeAllAtomically([{ target, write }], how);
}

/**
 * Files that only make sense together (policy init: a policy and its cases, issue 24.6): all are
 * written, or none is changed. Each is written beside its target first; only when all are
 * complete are they renamed into place, and a rename that fails puts back what the earlier ones
 * replaced.
 */
export async function writeAllAtomically(files: ReadonlyArray<{ target: string; write: (tmpPath: string) => Promise<void> }>, how: WriteMode = { private: false }): Promise<void> {
  for (const f of files) assertWritableTarget(f.target);
  const temp = (target: string, kind: string) => join(dirname(resolve(target)), `.${basename(target)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const staged = files.map((f) => ({ ...f, tmp: temp(f.target, 'tmp'), backup: temp(f.target, 'old'), hadOld: false }));
  for (const f of staged) pending.add(f.tmp).add(f.backup);
  let current = staged[0]!;
  const done: typeof staged = [];
  try {
    for (const f of staged) {
      current = f;
      await (await open(f.tmp, 'wx', 0o600)).close();
      await f.write(f.tmp);
      await chmod(f.tmp, modeFor(f.target, how));
    }
    for (const f of staged) {
      current = f;
      if (staged.length > 1 && existsSync(f.target)) {
        await copyFile(f.target, f.backup);
        f.hadOld = true;
      }
      await rename(f.tmp, f.target);
      done.push(f);
    }
  } catch (e) {
    for (const f of done) {
      if (f.hadOld) await rename(f.backup, f.target).catch(() => {});
      else await rm(f.target, { force: true });
    }
    throw writeError(e, current.target, dirname(resolve(current.target)));
  } finally {
    for (const f of staged) {
      // Nothing to remove where nothing could be made (an unreadable folder): never a second error.
      await rm(f.tmp, { force: true }).catch(() => {});
      await rm(f.backup, { force: true }).catch(() => {});
      pending.delete(f.tmp);
      pending.delete(f.backup);
    }
  }
}

/** The mode an output gets: see WriteMode. */
function modeFor(target: string, how: WriteMode): number {
  // process.umask() reads the mask without changing it (deprecated only in its documentation).
  let mode = how.private ? 0o600 : 0o666 & ~process.umask();
  try {
    mode &= statSync(target).mode & 0o777;
  } catch {
    // no file there yet
  }
  return mode;
}

/**
 * The target can be a file: its folder exists and is a folder, and the target is not a folder
 * (issue 24.4: these were "内部错误：EISDIR/ENOTDIR" after the whole report was computed).
 */
export function assertWritableTarget(target: string): void {
  const dir = dirname(resolve(target));
  let dirIsFolder: boolean;
  try {
    dirIsFolder = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`无法写入 ${target}（${code}）：没有权限进入文件夹 ${dir}。请用 -o 换一个自己的文件夹。`);
    throw new UserError(`输出文件夹 ${dir} 不存在，请先创建或换一个路径。`);
  }
  if (!dirIsFolder) throw new UserError(`无法写入 ${target}：${dir} 是一个文件，不是文件夹。请用 -o 换一个路径。`);
  let isFolder = false;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    // nothing there yet, or nothing we can see: the write will say
  }
  if (isFolder) throw new UserError(`无法写入 ${target}：已有同名的文件夹。请在 -o 中写出文件名（例如 ${join(target, `结果${extname(target) || '.xlsx'}`)}），或换一个名字。`);
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
    case 'EISDIR':
      return new UserError(`无法写入 ${target}：已有同名的文件夹（${code}）。请在 -o 中写出文件名，或换一个名字。`);
    case 'ENOTDIR':
    case 'ENOENT':
      return new UserError(`无法写入 ${target}：文件夹 ${dir} 不存在或路径中有一部分不是文件夹（${code}）。请用 -o 换一个路径。`);
    case 'EIO':
      return new UserError(`无法写入 ${target}：文件夹 ${dir} 所在的磁盘读写出错（${code}）。请检查磁盘或换一个文件夹（-o）后重试。`);
    default:
      return e;
  }
}
