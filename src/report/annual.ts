// The annual outputs (SPEC §6): 年度考核, 月度比例, 等次分布, 数据问题, 政策参数, and JSON.
import type { Issue } from '../issues/catalogue.js';
import { GRADE_LABEL, type AnnualYear, type Grade } from '../rules/annual.js';
import { RATING_LABEL } from '../schema/ratings.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, type RunMeta } from './meta.js';
import { mapIterable, type CellOut, type SheetOut } from './table.js';
import { gradeBasis } from './annual-basis.js';

const RATING_FILL: Record<string, string> = { 好: 'FFC6EFCE', 一般: 'FFFFFFFF', 差: 'FFFFC7CE', 暂停: 'FFFFEB9C' };
const GRADES: Array<Grade | 'pending'> = ['excellent', 'competent', 'basically_competent', 'incompetent', 'pending'];

export function annualJson(y: AnnualYear, issues: readonly Issue[], meta: RunMeta) {
  return {
    ...jsonHeader(meta),
    issues: mapIterable(issues, (i) => issueForOutput(i, meta.maskIds)),
    clerks: y.results.map((r) => ({
      row: r.row,
      staffId: idShown(r.staffId, meta.maskIds)!,
      ...(r.employeeNo !== undefined ? { employeeNo: r.employeeNo } : {}),
      name: r.name,
      center: r.center ?? null,
      months: r.months,
      counts: r.counts,
      longestPoorStreak: r.longestPoorStreak,
      grade: r.grade,
      ...(r.gradeRange ? { gradeRange: r.gradeRange } : {}),
      fullYear: r.fullYear,
      capped: r.capped,
      recommendations: r.recommendations,
      basis: gradeBasis(r),
    })),
    quota: y.quota,
  };
}

export function annualSheets(y: AnnualYear, issues: readonly Issue[], meta: RunMeta): SheetOut[] {
  return [gradesSheet(y, meta), quotaSheet(y), distributionSheet(y), issuesSheet(issues, meta.maskIds), policySheet(meta)];
}

function gradesSheet(y: AnnualYear, meta: RunMeta): SheetOut {
  const monthCols = Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, width: 5, repeats: true }));
  const FIRST_MONTH = 3; // after 工号, 姓名, 所属中心
  const GRADE_COL = FIRST_MONTH + 12 + 6; // after the months and the six counts
  return {
    name: '年度考核',
    title: `政务服务办事员${y.year}年度考核等次`,
    subtitle: `依据：${meta.policy.file.document} 二(二)8；月度等次：好 / 一般 / 差 / 暂停，空白为未考核`,
    columns: [
      { header: '工号', width: 10, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      ...monthCols,
      { header: '好', width: 5, kind: 'int' },
      { header: '一般', width: 5, kind: 'int' },
      { header: '差', width: 5, kind: 'int' },
      { header: '暂停', width: 5, kind: 'int' },
      { header: '未考核', width: 6, kind: 'int' },
      { header: '最长连续差', width: 8, kind: 'int' },
      { header: '等次', width: 9, repeats: true },
      { header: '等次范围', width: 16, repeats: true },
      { header: '全年在岗', width: 8, repeats: true },
      { header: '需人工复核', width: 9, repeats: true },
      { header: '建议', width: 8, repeats: true },
      { header: '依据', width: 90, repeats: true },
    ],
    rows: y.results.map((r): CellOut[] => [
      r.employeeNo ?? null,
      r.name,
      r.center ?? null,
      ...r.months.map((m) => RATING_LABEL[m] || null),
      r.counts.good,
      r.counts.fair,
      r.counts.poor,
      r.counts.suspended,
      r.counts.none,
      r.longestPoorStreak,
      GRADE_LABEL[r.grade],
      r.gradeRange ? `${GRADE_LABEL[r.gradeRange[0]]} ~ ${GRADE_LABEL[r.gradeRange[1]]}` : null,
      r.fullYear ? '是' : '否',
      r.capped || r.grade === 'pending' ? '是' : null,
      r.recommendations.join('、') || null,
      gradeBasis(r),
    ]),
    cellFills: [
      { columns: Array.from({ length: 12 }, (_, i) => FIRST_MONTH + i), fills: RATING_FILL },
      { columns: [GRADE_COL], fills: { 不称职: 'FFFFC7CE', 待定: 'FFFFC7CE' } },
    ],
    print: { landscape: true },
  };
}

function quotaSheet(y: AnnualYear): SheetOut {
  return {
    name: '月度比例',
    columns: [
      { header: '中心', width: 24 },
      { header: '月份', width: 10 },
      { header: '窗口人员数', width: 10, kind: 'int' },
      { header: '好', width: 6, kind: 'int' },
      { header: '上限', width: 6, kind: 'int' },
      { header: '是否符合', width: 9 },
    ],
    rows: y.quota.map((q) => [q.center, q.month, q.staff, q.good, q.limit, q.ok ? '符合' : '超过']),
    rowFill: { column: 5, fills: { 超过: 'FFFFE0E0' } },
  };
}

function distributionSheet(y: AnnualYear): SheetOut {
  // Counted in one pass: a province has hundreds of centres.
  const counts = new Map<string, Map<string, number>>();
  for (const r of y.results) {
    const c = r.center ?? '（未填写中心）';
    let byGrade = counts.get(c);
    if (!byGrade) counts.set(c, (byGrade = new Map()));
    byGrade.set(r.grade, (byGrade.get(r.grade) ?? 0) + 1);
  }
  const rows = [...counts.keys()]
    .sort((a, b) => a.localeCompare(b, 'zh-CN'))
    .map((c): CellOut[] => {
      const byGrade = counts.get(c)!;
      return [c, ...GRADES.map((g) => byGrade.get(g) ?? 0), [...byGrade.values()].reduce((a, b) => a + b, 0)];
    });
  return {
    name: '等次分布',
    title: `${y.year}年度考核等次分布`,
    columns: [
      { header: '中心', width: 24 },
      ...GRADES.map((g) => ({ header: GRADE_LABEL[g], width: 9, kind: 'int' as const })),
      { header: '合计', width: 8, kind: 'int' },
    ],
    rows,
    totals: { label: '合计', labelColumn: 0, sumColumns: [1, 2, 3, 4, 5, 6] },
    autoFilter: false,
    dataBars: GRADES.map((_, i) => ({ column: i + 1 })),
  };
}
