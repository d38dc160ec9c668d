// The first lines of every summary: what was read, then what the header row means for the
// result — a pay column that is missing, a column read by a guess, columns not used — before
// any total, so that nobody reads a total without knowing it.
import { basename } from 'node:path';
import { messageOf, type Issue } from '../issues/catalogue.js';
import type { InputMeta } from '../report/meta.js';
import type { Terminal } from './terminal.js';

/** 读取 花名册.xlsx 工作表「…」，表头在第 N 行，数据 R 行 — and the header's notices. */
export function printRead(t: Terminal, path: string, meta: InputMeta, tableIssues: readonly Issue[]): void {
  t.line(`读取 ${basename(path)}${meta.sheet ? ` 工作表「${meta.sheet}」` : ''}，表头在第 ${meta.headerRow} 行，数据 ${meta.rows} 行`);
  printColumnNotices(t, tableIssues);
}

export function printColumnNotices(t: Terminal, found: Iterable<Issue>): void {
  const issues = [...found];
  for (const i of issues) {
    if (i.code === 'COLUMN_MISSING' || i.code === 'COLUMN_GUESSED' || i.code === 'COLUMN_DUPLICATE') t.line(t.color.yellow(`  注意：${messageOf(i)}`));
  }
  const unused = issues.filter((i): i is Extract<Issue, { code: 'COLUMN_UNUSED' }> => i.code === 'COLUMN_UNUSED');
  if (unused.length > 0) {
    const shown = unused.slice(0, 8).map((i) => {
      const d = i.data;
      const hint = d.likely.length && !d.present ? `（可能是「${d.likely.join('」或「')}」）` : '';
      return `${i.file ? `${i.file} ` : ''}「${d.value}」${hint}`;
    });
    t.line(`  未使用的列：${shown.join('、')}${unused.length > 8 ? ` 等 ${unused.length} 列` : ''}`);
  }
}
