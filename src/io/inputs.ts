// Input paths as a user gives them: files, or folders taken whole (annual: each centre's file).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** What gov-clerk writes beside its inputs: never read back as an input from a folder. */
const OUTPUT_NAME = /\.(payroll|annual|budget|check-roster|check-staffing)-[^/\\]*\.(xlsx|csv|json)$/i;
const TABLE_FILE = /\.(xlsx|csv)$/i;

/**
 * The files named, a folder standing for its .xlsx and .csv files (not its subfolders, not
 * Excel's ~$ lock files, hidden files or gov-clerk's own outputs), by name; each file once.
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
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UserError(`找不到${label} ${p}：文件或文件夹不存在，或没有读取权限。请检查路径。`);
    }
    if (!isDir) {
      add(p);
      continue;
    }
    const inside = readdirSync(p, { withFileTypes: true })
      .filter((d) => d.isFile() && TABLE_FILE.test(d.name) && !d.name.startsWith('~$') && !d.name.startsWith('.') && !OUTPUT_NAME.test(d.name))
      .map((d) => d.name)
      .sort();
    if (inside.length === 0) throw new UserError(`文件夹 ${p} 中没有 .xlsx 或 .csv 文件，无法读取${label}。请检查路径。`);
    for (const name of inside) add(join(p, name));
  }
  return out;
}
