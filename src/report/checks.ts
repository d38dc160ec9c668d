// Outputs of the check commands (docs/contract.md §6.1): 检查结果 (one row per finding), 数据问题, 政策参数.
import { CATALOGUE, SEVERITY_LABEL, type Issue } from '../issues/catalogue.js';
import { filterFindings, sortedFindings } from '../issues/findings.js';
import type { CenterResult } from '../rules/staffing.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, severityFill, type RunMeta } from './meta.js';
import { mapIterable, type SheetOut } from './table.js';

export function findingsSheet(findings: Iterable<Issue>, mask: boolean, sources = false): SheetOut {
  // Sorted when the sheet is written (a chunk at a time, merged from disk when many).
  const sorted: Iterable<Issue> = {
    *[Symbol.iterator]() {
      using s = sortedFindings(findings);
      yield* s;
    },
  };
  return {
    name: '检查结果',
    columns: [
      { header: '严重程度', width: 9, repeats: true },
      { header: '代码', width: 22, repeats: true },
      { header: '对象', width: 24, kind: 'text' },
      ...(sources ? [{ header: '文件', width: 20, repeats: true }] : []),
      { header: '行号', width: 7, kind: 'int' },
      { header: '规则', width: 20, repeats: true },
      { header: '要求', width: 16, kind: 'text' },
      { header: '实际', width: 16, kind: 'text' },
      { header: '条款', width: 14, repeats: true },
      { header: '处理建议', width: 40, repeats: true },
      { header: '说明', width: 70 },
    ],
    rows: mapIterable(sorted, (raw) => {
      const i = issueForOutput(raw, mask);
      return [
        SEVERITY_LABEL[i.severity],
        i.code,
        i.center ?? idShown(i.staffId, mask) ?? null,
        ...(sources ? [i.file ?? null] : []),
        i.row ?? null,
        CATALOGUE[i.code].title,
        i.required ?? null,
        i.actual ?? null,
        i.clause ?? null,
        CATALOGUE[i.code].fix,
        i.message,
      ];
    }),
    rowFill: severityFill,
  };
}

/** `sources`: two inputs were read, so 数据问题 names each row's 文件 (and 姓名). */
export function checkSheets(issues: Iterable<Issue>, ruleCodes: ReadonlySet<string>, meta: RunMeta, sources = false): SheetOut[] {
  return [
    findingsSheet(filterFindings(issues, (i) => ruleCodes.has(i.code)), meta.maskIds, sources),
    issuesSheet(filterFindings(issues, (i) => !ruleCodes.has(i.code)), meta.maskIds, sources),
    policySheet(meta),
  ];
}

export function checkJson(issues: Iterable<Issue>, meta: RunMeta, extra: { centers?: CenterResult[]; summary?: Record<string, number> } = {}) {
  return {
    ...jsonHeader(meta),
    issues: mapIterable(issues, (i) => issueForOutput(i, meta.maskIds)),
    ...(extra.summary ? { summary: extra.summary } : {}),
    ...(extra.centers
      ? {
          centers: extra.centers.map((c) => ({
            row: c.row,
            name: c.name,
            level: c.level,
            type: c.type,
            windows: c.windows,
            clerks: c.clerks,
            clerksSource: c.clerksSource,
            checks: c.checks.map((k) => ({ code: k.code, rule: k.rule, ok: k.ok, required: k.required, actual: k.actual, clause: k.clause })),
          })),
        }
      : {}),
  };
}
