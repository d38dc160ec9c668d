// Input paths as a user gives them: files, or folders taken whole (annual: each centre's file).
import { readdirSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { fileKind, notADirectory, type FileKind } from '../file-check.js';

/** What gov-clerk writes beside its inputs: never read back as an input from a folder. */
const OUTPUT_NAME = /\.(payroll|annual|budget|check-roster|check-staffing)-[^/\\]*\.(xlsx|csv|json)$/i;
const TABLE_FILE = /\.(xlsx|csv)$/i;

/**
 * The files named, a folder standing for its .xlsx and .csv files (not its subfolders, not
 * Excel's ~$ lock files, hidden files or gov-clerk's own outputs by their names), by name; each
 * file once. A symbolic link in a folder is read as the file it points to; one that points
 * nowhere, a pipe or device named like a table, and a name that is not UTF-8 are refused, never
 * skipped without a word (issue 24.7; README 解释与取舍 69).
 */
export function expandInputs(paths: readonly string[], label: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const p of paths) {
    let kind: FileKind;
    try {
      kind = fileKind(p);
    } catch (e) {
      throw unreachable(e, p, label);
    }
    if (kind !== 'directory') {
      add(p);
      continue;
    }
    let listed: Dirent<Buffer>[];
    try {
      listed = readdirSync(p, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      throw unreachable(e, p, label);
    }
    const inside: string[] = [];
    for (const d of listed) {
      const name = d.name.toString('utf8');
      if (!TABLE_FILE.test(name) || name.startsWith('~$') || name.startsWith('.') || OUTPUT_NAME.test(name)) continue;
      if (!Buffer.from(name, 'utf8').equals(d.name)) {
        throw new UserError(`文件夹 ${p} 中的文件“${nameInGbk(d.name) ?? name}”的文件名不是 UTF-8 编码（多半是在 Windows 上命名、压缩包解压时没有转换），无法按名字打开。请把它重命名后再试。`);
      }
      const path = join(p, name);
      if (d.isDirectory()) continue; // a subfolder, whatever it is called
      if (d.isSymbolicLink()) {
        let target: FileKind;
        try {
          target = fileKind(path);
        } catch {
          throw new UserError(`文件夹 ${p} 中的 ${name} 是一个符号链接（快捷方式），但它指向的文件不存在或无法读取。请删除它，或换成真正的文件后再试。`);
        }
        if (target === 'directory') continue;
      }
      inside.push(name); // a pipe or device named like a table is refused when opened (openSource)
    }
    inside.sort();
    if (inside.length === 0) throw new UserError(`文件夹 ${p} 中没有 .xlsx 或 .csv 文件，无法读取${label}。请检查路径。`);
    for (const name of inside) add(join(p, name));
  }
  return out;
}

/** Why a named path cannot be listed or looked at, as one sentence. */
function unreachable(e: unknown, p: string, label: string): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`没有权限读取${label} ${p}（${code}）。请检查该文件夹或文件的权限，或把文件复制到自己的文件夹后再试。`);
  if (code === 'ENOTDIR') return new UserError(`找不到${label} ${p}：路径中的 ${notADirectory(p)} 是文件而不是文件夹。请检查路径。`);
  return new UserError(`找不到${label} ${p}：文件或文件夹不存在（${code ?? '未知错误'}）。请检查路径。`);
}

/** A file name in GBK (as Windows writes Chinese names), when it reads as one. */
function nameInGbk(raw: Buffer): string | undefined {
  try {
    return new TextDecoder('gbk', { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}
