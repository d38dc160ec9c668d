// The annual outputs (docs/contract.md §6): 年度考核, 月度比例, 等次分布, 数据问题, 政策参数, and JSON.
import type { Issue } from '../issues/catalogue.js';
import type { AnnualYear } from '../rules/annual.js';
import { RATING_LABEL } from '../schema/ratings.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, type RunMeta } from './meta.js';
import { maskId } from '../schema/id-number.js';
import { mapIterable, type CellOut, type SheetOut } from './table.js';
import { gradeBasis } from './annual-basis.js';
import type { CentreFilings, FilingStatus } from '../rules/filings.js';
import type { LastPlaceFinding, LeadCandidate } from '../rules/career.js';
import { GRADE_LABEL, SKILL_GRADE_LABEL, type Grade } from '../domain.js';

const RATING_FILL: Record<string, string> = { 好: 'FFC6EFCE', 一般: 'FFFFFFFF', 差: 'FFFFC7CE', 暂停: 'FFFFEB9C' };
const GRADES: Array<Grade | 'pending'> = ['excellent', 'competent', 'basically_competent', 'incompetent', 'pending'];

/** What the annual report shows beyond the year's grades (issue 14). */
export interface AnnualMore {
  filings: readonly CentreFilings[];
  /** The years 连续考核末位 looks at (annual.last_place), the report year last. */
  lastPlaceYears: readonly number[];
  lastPlace: readonly LastPlaceFinding[];
  /** Without a roster there are no certificates to go by: undefined. */
  candidates?: readonly LeadCandidate[];
  /** Two inputs or more were read: 数据问题 names each row's 文件 (and 姓名). */
  sources?: boolean;
}

export function annualJson(y: AnnualYear, issues: Iterable<Issue>, meta: RunMeta, more: AnnualMore) {
  return {
    ...jsonHeader(meta),
    issues: mapIterable(issues, (i) => issueForOutput(i, meta.maskIds)),
    clerks: y.results.map((r) => ({
      row: r.row,
      ...(r.file !== undefined ? { file: r.file } : {}),
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
    lastPlace: more.lastPlace.map((f) => ({ staffId: idShown(f.staffId, meta.maskIds)!, name: f.name, center: f.center ?? null, places: f.places, decision: f.decision, clause: f.clause })),
    leadCandidates: more.candidates?.map((c) => ({ ...c, staffId: idShown(c.staffId, meta.maskIds)! })) ?? null,
    filings: more.filings.map((c) => ({
      center: c.center,
      months: c.months.map((m, i) => ({ month: `${y.year}-${String(i + 1).padStart(2, '0')}`, ...m })),
    })),
  };
}

export function annualSheets(y: AnnualYear, issues: Iterable<Issue>, meta: RunMeta, more: AnnualMore): SheetOut[] {
  return [
    gradesSheet(y, meta),
    quotaSheet(y),
    distributionSheet(y),
    filingsSheet(y.year, more.filings),
    lastPlaceSheet(more),
    candidatesSheet(y.year, more.candidates),
    issuesSheet(issues, meta.maskIds, more.sources),
    policySheet(meta),
  ];
}

/** 连续考核末位: who, and each year's grade and place in their centre, with where it came from. */
function lastPlaceSheet(more: AnnualMore): SheetOut {
  const years = more.lastPlaceYears;
  const note = (text: string): CellOut[] => [null, text, null, ...years.flatMap(() => [null, null, null]), null];
  return {
    name: '连续考核末位',
    title: `连续 ${years.length} 个年度考核末位（${years.join('、')}年）：建议换岗任用（二(二)8(2)）；并列过多的由人工确定`,
    subtitle:
      '末位：该年度在本中心年度等次最低、且不高于「政策参数」中“连续考核末位”的等次（至少两人有等次，待定不计）；并列最低的人数超过本中心有等次人数的「政策参数」中“末位并列上限”的比例（或全中心并列）时不据此认定，由人工确定；往年等次来自本次的月度考核或给出的往年年度考核表',
    columns: [
      { header: '工号', width: 10, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      ...years.flatMap((yr) => [
        { header: `${yr}年等次`, width: 9, repeats: true },
        { header: `${yr}年名次`, width: 16 },
        { header: `${yr}年来源`, width: 16, repeats: true },
      ]),
      { header: '建议', width: 12, repeats: true },
    ],
    rows: more.lastPlace.length
      ? more.lastPlace.map((f): CellOut[] => [
          f.employeeNo ?? null,
          f.name,
          f.center ?? null,
          ...f.places.flatMap((p): CellOut[] => [GRADE_LABEL[p.grade], `${p.of} 人中倒数第 1 名${p.tied > 1 ? `（${p.tied === p.of ? '全中心' : `${p.tied} 人`}并列）` : ''}`, p.source]),
          f.decision === 'rotate' ? '换岗' : '人工确定（并列过多）',
        ])
      : [note(`无：没有人在 ${years.join('、')} 年都是所在中心的末位${years.length > 1 ? '（往年的等次需在月度考核中，或另外给出往年的年度考核表）' : ''}`)],
  };
}

/** 可竞选窗口负责人: 二(二)4(1) 职业等级较高且表现优异者, with the evidence. */
function candidatesSheet(year: number, candidates: readonly LeadCandidate[] | undefined): SheetOut {
  return {
    name: '可竞选窗口负责人',
    title: `${year}年度可竞选窗口负责人或首席代表的人员（二(二)4(1) 职业等级较高且表现优异者）`,
    subtitle: '条件（证书等级、年度等次）见「政策参数」中的“可竞选窗口负责人的条件”；待定者不列入',
    columns: [
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      { header: '证书等级', width: 14, repeats: true },
      { header: '取证日期', width: 12 },
      { header: '年度等次', width: 9, repeats: true },
      { header: '依据', width: 80 },
      { header: '条款', width: 12, repeats: true },
    ],
    rows: candidates === undefined
      ? [[null, null, null, null, null, '需要同时给出花名册（其中的证书等级）才能判断', null]]
      : candidates.length
        ? candidates.map((c): CellOut[] => [c.name, c.center ?? null, SKILL_GRADE_LABEL[c.cert.grade], c.cert.date, GRADE_LABEL[c.grade], c.evidence, c.clause])
        : [[null, null, null, null, null, '无：没有人同时满足证书等级和年度等次的条件', null]],
  };
}

/**
 * 报送情况: a row per centre, a column per month: the file(s) its ratings came from, 未报送
 * (clerks on post by the roster, no ratings), or — (nobody on post, or no roster to say).
 */
function filingsSheet(year: number, centres: readonly CentreFilings[]): SheetOut {
  const cell = (m: FilingStatus): string => (m.status === 'filed' ? m.files.join('、') : m.status === 'missing' ? `未报送（在岗 ${m.onPost} 人）` : '—');
  return {
    name: '报送情况',
    title: `${year}年月度考核报送情况（二(二)8(1) 报区政务服务中心备案）`,
    subtitle: '每格是该中心该月考核所在的文件；“未报送”：花名册中该月有人在岗而各文件中没有该中心这个月的考核；“—”：无人在岗或未给花名册',
    columns: [{ header: '中心', width: 24 }, ...Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, width: 14, repeats: true }))],
    rows: centres.map((c): CellOut[] => [c.center, ...c.months.map(cell)]),
    cellFills: [{ columns: Array.from({ length: 12 }, (_, i) => i + 1), fills: Object.fromEntries(centres.flatMap((c) => c.months.filter((m) => m.status === 'missing').map((m) => [cell(m), 'FFFFE0E0']))) }],
    autoFilter: false,
  };
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
      { header: '身份证号', width: 21, kind: 'id' }, // last: for reading this sheet back as history
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
      r.capped || r.grade === 'pending' || r.facts.lastPlace?.decision === 'review' ? '是' : null, // 末位并列过多: a person decides
      r.recommendations.join('、') || null,
      gradeBasis(r),
      r.idNumber ? (meta.maskIds ? maskId(r.idNumber) : r.idNumber) : null,
    ]),
    cellFills: [
      { columns: Array.from({ length: 12 }, (_, i) => FIRST_MONTH + i), fills: RATING_FILL },
      { columns: [GRADE_COL], fills: { 不称职: 'FFFFC7CE', 待定: 'FFFFC7CE' } },
    ],
    print: { repeatColumns: 2 },
  };
}

function quotaSheet(y: AnnualYear): SheetOut {
  return {
    name: '月度比例',
    subtitle: '窗口人员数即比例的分母（二(二)8(1) 窗口工作人员总数）：给了花名册时取该中心该月在岗人数与有等次人数中较大的，否则是有等次的人数；两者都列在右边',
    columns: [
      { header: '中心', width: 24 },
      { header: '月份', width: 10 },
      { header: '窗口人员数', width: 10, kind: 'int' },
      { header: '好', width: 6, kind: 'int' },
      { header: '上限', width: 6, kind: 'int' },
      { header: '是否符合', width: 9 },
      { header: '有等次人数', width: 10, kind: 'int' },
      { header: '在岗人数（花名册）', width: 12, kind: 'int' },
    ],
    rows: y.quota.map((q) => [q.center, q.month, q.staff, q.good, q.limit, q.ok ? '符合' : '超过', q.rated, q.onPost ?? null]),
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
