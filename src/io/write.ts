// Writing outputs safely (SPEC §7): never over an input, and never a half-written file at the
// target — write beside it under a temporary name, then rename.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

export function assertNotAnInput(out: string, inputs: readonly string[]): void {
  const target = canonical(out);
  for (const input of inputs) {
    if (canonical(input) === target) {
      throw new UserError(`输出文件 ${out} 与输入文件相同，为防止覆盖原始数据已停止。请用 -o 指定另一个文件名。`);
    }
  }
}

function canonical(p: string): string {
  const abs = resolve(p);
  try {
    return existsSync(abs) ? realpathSync(abs) : join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

export async function writeAtomically(target: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const dir = dirname(resolve(target));
  if (!existsSync(dir)) throw new UserError(`输出文件夹 ${dir} 不存在，请先创建或换一个路径。`);
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await write(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new UserError(`无法写入 ${target}（${code}）：文件可能正在 Excel/WPS 中打开或没有写权限。请关闭该文件后重试。`);
    }
    throw e;
  }
}
