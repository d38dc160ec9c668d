// Options and plumbing shared by the report commands (docs/contract.md §2).
import { createWriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { LAST_YEAR, parseIsoDate, todayInChina, type IsoDate } from '../calendar.js';
import { UserError } from '../errors.js';
import type { CommonOptions } from './options.js';
import { messageOf, severityOf, SEVERITY_LABEL, type Issue } from '../issues/catalogue.js';
import type { FindingList } from '../issues/findings.js';
import { writeAtomically, assertNotAnInput, assertWritableTarget } from '../io/write.js';
import type { ReadOptions } from '../io/table.js';
import type { Policy } from '../policy/policy.js';
import { recordingView } from '../rules/policy-view.js';
import type { SheetOut, WriteSize } from '../report/table.js';
import type { Terminal } from './terminal.js';

export async function policyFor(opts: CommonOptions): Promise<{ policy: Policy; view: ReturnType<typeof recordingView> }> {
  const { openPolicy } = await import('../policy/open.js');
  const policy = await openPolicy(opts.policy);
  return { policy, view: recordingView({ effective: policy.file.effective, at: policy.at }) };
}

export type OutFormat = 'xlsx' | 'csv' | 'json';

/**
 * Where the output goes; undefined when it is printed only (--json or --explain without -o).
 * It is never one of the inputs: the main one, `others` (--roster) or the --policy file.
 */
export function outputTarget(
  input: string,
  command: string,
  period: string,
  opts: CommonOptions,
  printedOnly: boolean,
  others: ReadonlyArray<string | undefined> = [],
): { path: string; format: OutFormat } | undefined {
  if (opts.out === undefined && printedOnly) return undefined;
  const path = opts.out ?? join(dirname(input), `${basename(input, extname(input))}.${command}${period ? `-${period}` : ''}.xlsx`);
  // First: whatever its name, an input is never written over.
  assertNotAnInput(path, [input, ...others, opts.policy]);
  if (opts.out !== undefined) assertWritableTarget(path); // before the work, not after it (beside an input: the input is checked first)
  const ext = extname(path).toLowerCase();
  const format = ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : undefined;
  if (!format) throw new UserError(`不支持的输出格式“${ext || '（无扩展名）'}”：${path}。请使用 .xlsx、.csv 或 .json 结尾的文件名。`);
  return { path, format };
}

/**
 * `size`: how large the sheets are (the workbook writer picks its thread from it). `maskIds`:
 * every ID number in any cell or value is masked (--mask-id), not only the 身份证号 column's.
 */
export async function writeOutput(
  target: { path: string; format: OutFormat },
  sheets: () => SheetOut[],
  json: () => unknown,
  opts: { size?: WriteSize; maskIds: boolean },
): Promise<void> {
  await writeAtomically(target.path, async (tmp) => {
    if (target.format === 'xlsx') await (await import('../report/xlsx.js')).writeXlsx(tmp, sheets(), { maskIds: opts.maskIds, ...(opts.size ? { size: opts.size } : {}) });
    else if (target.format === 'csv') await (await import('../report/csv.js')).writeCsv(tmp, sheets()[0]!, opts.maskIds);
    else {
      const out = createWriteStream(tmp);
      // An error while no write waits for 'drain' (a full disk) must still end the run.
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      failed.catch(() => {});
      await Promise.race([(await import('../report/json.js')).writeJson(out, json() as Record<string, unknown>, opts.maskIds), failed]);
      out.end();
      await finished(out);
    }
    // Without --mask-id it holds 身份证号 as they are: readable by its owner only (README 安全).
  }, { private: !opts.maskIds });
}

/**
 * Counts by severity, then the first errors (those of `first` codes before the rest). One pass
 * over the findings keeping at most `shown` of each kind: they may be far more than memory holds.
 */
export function printIssueSummary(t: Terminal, issues: FindingList, first: ReadonlySet<string> = new Set(), shown = 10): void {
  const c = issues.counts;
  const parts = [
    t.color.red(`${SEVERITY_LABEL.error} ${c.error}`),
    t.color.yellow(`${SEVERITY_LABEL.warning} ${c.warning}`),
    t.color.cyan(`${SEVERITY_LABEL.info} ${c.info}`),
  ];
  t.line(`问题：${parts.join('，')}`);
  const firsts: Issue[] = [];
  const others: Issue[] = [];
  if (c.error > 0) {
    for (const i of issues) {
      if (severityOf(i) !== 'error') continue;
      const into = first.has(i.code) ? firsts : others;
      if (into.length < shown) into.push(i);
      if (firsts.length >= shown) break;
    }
  }
  for (const i of [...firsts, ...others].slice(0, shown)) t.line(`  ${t.color.red('[错误]')} ${messageOf(i)}`);
  if (c.error > shown) t.line(`  ……另有 ${c.error - shown} 条错误，详见输出文件`);
}

export function exitCodeFor(issues: FindingList): 0 | 1 {
  return issues.counts.error > 0 ? 1 : 0;
}

/**
 * --as-of YYYY-MM-DD, or today in China (printed, as every default is): a day from the policy's
 * effective date to the end of LAST_YEAR (README 解释与取舍 65), as months and years are.
 */
export function resolveAsOf(value: string | undefined, t: Terminal, policy: { effective: IsoDate; document: string }): IsoDate {
  if (value === undefined) {
    const today = todayInChina();
    t.line(`未指定 --as-of，按今天 ${today} 检查。`);
    return today;
  }
  const date = parseIsoDate(value);
  if (!date) throw new UserError(`--as-of 的值“${value}”不是日期，应写成 YYYY-MM-DD，例如 2025-06-30。`);
  if (Number(date.slice(0, 4)) > LAST_YEAR) throw new UserError(`--as-of ${value} 晚于 ${LAST_YEAR} 年：本工具只计算到 ${LAST_YEAR} 年年底，请检查年份是否写错。`);
  if (date < policy.effective) {
    throw new UserError(`--as-of ${value} 早于政策 ${policy.document} 的生效日期 ${policy.effective}，该政策不能用于检查这一天。请检查 --as-of（最早为 ${policy.effective}）。`);
  }
  return date;
}

export async function tableOptions(opts: CommonOptions): Promise<ReadOptions> {
  const columns = opts.columns?.length ? await (await import('./columns.js')).columnMapping(opts.columns) : undefined;
  return {
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.headerRow !== undefined ? { headerRow: opts.headerRow } : {}),
    ...(columns ? { columns } : {}),
  };
}
