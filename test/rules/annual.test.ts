// docs/contract.md §4.2 rule by rule, at each edge.
import { d, m } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/issues/catalogue.js';
import type { Clerk } from '../../src/domain.js';
import { annualYear, gradeClerk, gradeOf, quotaLimit, ratedInYear, type RatedClerk } from '../../src/rules/annual.js';
import type { DataRow } from '../../src/io/table.js';
import type { RosterEntry } from '../../src/schema/roster.js';
import { gradeBasis } from '../../src/report/annual-basis.js';
import { collectRatings, monthOfCell, parseMonthLabel, parseRating, type Rating } from '../../src/schema/ratings.js';
import { textCell } from '../../src/io/cell.js';
import { clerk, entry, policy, withValues } from '../helpers/clerks.js';

const T = policy.at('annual.grades', d('2025-12-31')).value;
const code: Record<string, Rating> = { 好: 'good', 般: 'fair', 差: 'poor', 停: 'suspended', _: 'none' };
/** '好好好好般般般般般般般般' → twelve ratings. */
const ms = (s: string): Rating[] => [...s].map((ch) => code[ch]!);
const rated = (months: string, over: Partial<RatedClerk> = {}): RatedClerk => ({ staffId: 'E1', employeeNo: 'E1', name: '张三', center: '甲镇便民服务中心', row: 2, months: ms(months), ...over });

describe('grade rules of 二(二)8(2), first that holds', () => {
  it.each([
    ['好 exactly 4, no 差', '好好好好般般般般般般般般', 'excellent'],
    ['好 3, no 差', '好好好般般般般般般般般般', 'competent'],
    ['好 exactly 2, no 差', '好好般般般般般般般般般般', 'competent'],
    ['好 1, no 差: the literal reading', '好般般般般般般般般般般般', 'basically_competent'],
    ['all 一般: the literal reading', '般般般般般般般般般般般般', 'basically_competent'],
    ['好 4 and one 差', '好好好好差般般般般般般般', 'basically_competent'],
    ['差 exactly 2, apart', '差般差般般般般般般般般般', 'basically_competent'],
    ['差 2, consecutive', '般差差般般般般般般般般般', 'incompetent'],
    ['差 2, consecutive across the year end is not (Dec then Jan of the same year)', '差般般般般般般般般般般差', 'basically_competent'],
    ['差 3, apart', '差般差般差般般般般般般般', 'incompetent'],
  ])('%s → %s', (_, months, grade) => {
    expect(gradeOf(ms(months), T).grade).toBe(grade);
  });
  it('two 差 around an unrated month are not consecutive', () => {
    expect(gradeOf(ms('差_差般般般般般般般般般'), T).grade).toBe('basically_competent');
  });
});

describe('suspended months 二(二)8(1): graded both ways', () => {
  const grade = (months: string) => gradeClerk(rated(months), policy, { year: 2025 }).result;
  it('gives the grade when both ways agree', () => {
    const r = grade('差般般般般般般般般般般停');
    expect(r.grade).toBe('basically_competent');
    expect(r.gradeRange).toBeUndefined();
  });
  it('gives 待定 with the range when they differ', () => {
    const r = grade('好好好般般般般般停停停停');
    expect(r.grade).toBe('pending');
    expect(r.gradeRange).toEqual(['excellent', 'incompetent']);
    expect(gradeBasis(r)).toContain('待定');
  });
  it('one suspended month next to a 差 can make it consecutive', () => {
    expect(grade('好好好好般差停般般般般般').gradeRange).toEqual(['basically_competent', 'incompetent']);
  });
});

describe('not a full year: 优秀 capped to 称职 for manual review', () => {
  it('without --roster: fewer than 12 rated months', () => {
    const r = gradeClerk(rated('__好好好好般般般般般般'), policy, { year: 2025 });
    expect([r.result.grade, r.result.capped, r.result.fullYear]).toEqual(['competent', true, false]);
    expect(r.issues.map((i) => i.code)).toEqual(['NOT_FULL_YEAR_CAPPED']);
    // Typed data, worded by the catalogue (issue 25 #1): the partial year and the cap, no sentences.
    expect(r.issues[0]!.data).toEqual({ partial: { unratedMonths: 2 }, cap: 'competent' });
    expect(r.issues[0]!.clause).toBe('二(二)8(2)');
  });
  it('without --roster: twelve rated months is a full year', () => {
    expect(gradeClerk(rated('好好好好般般般般般般般般'), policy, { year: 2025 }).result.grade).toBe('excellent');
  });
  const withRoster = (start: string, months: string, over: Partial<Clerk> = {}) =>
    gradeClerk(rated(months), policy, { year: 2025, roster: new Map([['E1', clerk({ startDate: d(start), cert: { grade: 5, date: d(start) }, ...over })]]) });
  it('with --roster: started on 1 January is a full year', () => {
    expect(withRoster('2025-01-01', '好好好好般般般般般般般般').result.grade).toBe('excellent');
  });
  it('with --roster: started on 2 January is not', () => {
    expect(withRoster('2025-01-02', '好好好好般般般般般般般般').result).toMatchObject({ grade: 'competent', capped: true });
  });
  it('with --roster: a month on post without a rating is MONTH_MISSING and counts both ways', () => {
    const r = withRoster('2024-01-01', '好好好好般般般般般般般_');
    expect(r.issues.map((i) => i.code)).toEqual(['MONTH_MISSING']);
    // as 好: 好5 → 优秀; as 差: one 差 → 基本称职
    expect([r.result.grade, r.result.gradeRange]).toEqual(['pending', ['excellent', 'basically_competent']]);
  });
});

describe('换岗 recommendation', () => {
  it('for 不称职', () => {
    expect(gradeClerk(rated('差差般般般般般般般般般般'), policy, { year: 2025 }).result.recommendations).toEqual(['换岗']);
  });
  it('with --roster, for no certificate more than a year before 31 December', () => {
    const r = (start: string) => gradeClerk(rated('般般般般般般般般般般般般'), policy, { year: 2025, roster: new Map([['E1', clerk({ startDate: d(start) })]]) }).result.recommendations;
    expect(r('2024-12-30')).toEqual(['换岗']);
    expect(r('2024-12-31')).toEqual([]);
  });
});

describe('the monthly quota 二(二)8(1): 不超过 20%', () => {
  it.each([
    [4, 'floor', 0], [5, 'floor', 1], [8, 'floor', 1], [10, 'floor', 2],
    [4, 'round', 1], [5, 'round', 1], [8, 'round', 2], [10, 'round', 2],
    [4, 'ceil', 1], [5, 'ceil', 1], [8, 'ceil', 2], [10, 'ceil', 2],
    [15, 'ceil', 3], // 0.2 × 15 in floating point is 3.0000000000000004
  ] as const)('staff %i, %s → %i', (staff, rounding, limit) => {
    expect(quotaLimit(staff, 0.2, rounding)).toBe(limit);
  });
  it('flags the centre-month over the limit, counting suspended clerks as staff', () => {
    const clerks = [
      rated('好般般般般般般般般般般般', { staffId: 'A' }),
      rated('好般般般般般般般般般般般', { staffId: 'B' }),
      rated('般般般般般般般般般般般般', { staffId: 'C' }),
      rated('停般般般般般般般般般般般', { staffId: 'D' }),
      rated('般般般般般般般般般般般般', { staffId: 'E' }),
      rated('般般般般般般般般般般般般', { staffId: 'F', center: '乙镇便民服务中心' }),
    ];
    const y = annualYear(clerks, policy, { year: 2025 });
    expect(y.quota.find((q) => q.center === '甲镇便民服务中心' && q.month === m('2025-01'))).toEqual({ center: '甲镇便民服务中心', month: m('2025-01'), staff: 5, rated: 5, good: 2, limit: 1, ok: false });
    expect(y.issues.filter((i) => i.code === 'QUOTA_EXCEEDED').map((i) => messageOf(i))).toEqual(['甲镇便民服务中心 2025-01 窗口人员 5 人，"好" 2 人，超过上限 1 人（二(二)8(1)）']);
  });
  it('warns when nobody has twelve months', () => {
    const y = annualYear([rated('好好好______般般般')], policy, { year: 2025 });
    expect(y.issues.map((i) => i.code)).toContain('YEAR_INCOMPLETE');
  });
});

describe('rating and month values (docs/contract.md §3.2)', () => {
  it.each([
    ['好', 'good'], ['优秀', 'good'], ['好评', 'good'], ['一般', 'fair'], ['合格', 'fair'], ['称职', 'fair'],
    ['差', 'poor'], ['较差', 'poor'], ['不合格', 'poor'], ['暂停', 'suspended'], ['暂缓', 'suspended'], ['立案调查', 'suspended'], ['暂停考核', 'suspended'],
  ])('%s → %s', (text, r) => expect(parseRating(textCell(text))).toBe(r));
  it('blank is none, anything else is unknown', () => {
    expect(parseRating({ t: 'empty' })).toBe('none');
    expect(parseRating(textCell('良好'))).toBeNull();
  });
  it.each([
    ['1月', '*-01'], ['一月', '*-01'], ['十二月', '*-12'], ['2025年1月', m('2025-01')], [m('2025-01'), m('2025-01')], ['2025/1', m('2025-01')], ['202501', m('2025-01')], ['2025年1月份', m('2025-01')], ['13月', null], ['备注', null],
  ])('month header %s → %s', (h, m) => expect(parseMonthLabel(h)).toBe(m));
  it('a date in 月份 is its month', () => {
    expect(monthOfCell({ t: 'date', v: d('2025-03-01'), raw: d('2025-03-01') })).toBe('2025-03');
    expect(monthOfCell({ t: 'number', v: 202503 })).toBe('2025-03');
  });
});

describe('the partial-year cap is a policy parameter (annual.partial_year_max_grade)', () => {
  const excellent = '__好好好好般般般般般般'; // 优秀 by the counts, two months unrated
  const competent = '__好好般般般般般般般般';
  const graded = (cap: string, months = excellent) => gradeClerk(rated(months), withValues({ 'annual.partial_year_max_grade': cap }), { year: 2025 });
  it.each<[string, string, string, boolean]>([
    ['competent', excellent, 'competent', true], // the built-in reading
    ['excellent', excellent, 'excellent', false], // no cap
    ['basically_competent', excellent, 'basically_competent', true],
    ['basically_competent', competent, 'basically_competent', true],
    ['competent', competent, 'competent', false],
  ])('cap %s, months %s → %s (capped: %s)', (cap, months, grade, capped) => {
    const r = graded(cap, months);
    expect([r.result.grade, r.result.capped]).toEqual([grade, capped]);
    expect(r.issues.map((i) => i.code)).toEqual(capped ? ['NOT_FULL_YEAR_CAPPED'] : []);
  });
  it('says what may not be given and what was', () => {
    expect(messageOf(graded('basically_competent').issues[0]!)).toContain('原则上不得评为称职及以上，已评为基本称职');
    expect(gradeBasis(graded('competent').result)).toContain('原则上不得评为优秀 → 称职');
  });
});

describe('ratedInYear: the rated clerks of a year, joined to the roster', () => {
  /** Long-format rating rows (工号, 姓名, 所属中心, 月份, 等次) as collectRatings reads them. */
  async function collected(rows: Array<[string, string, string, string, string]>) {
    const keys = ['employeeNo', 'name', 'center', 'period', 'rating'];
    const columns = new Map(keys.map((k, i) => [k, i]));
    const data: DataRow[] = rows.map((r, i) => ({ row: i + 2, get: (k: string) => textCell(r[columns.get(k)!] ?? '') }));
    async function* batches() {
      yield data;
    }
    return (await collectRatings(batches(), columns, new Map())).clerks.values();
  }
  const rosterRow = (row: number, no: string, name: string, center: string, over: Partial<Clerk> = {}) =>
    entry(clerk({ row, staffId: no, employeeNo: no, name, center, ...over }));

  it.each<[string, Array<[string, string, string, string, string]>, RosterEntry[] | undefined, Array<[string, string | undefined]>, string[]]>([
    ['without a roster: every clerk rated that year', [['E1', '张三', '甲', '2025-01', '好'], ['E2', '李四', '乙', '2025-03', '一般']], undefined, [['E1', '甲'], ['E2', '乙']], []],
    ['a clerk rated only in another year is left out', [['E1', '张三', '甲', '2024-12', '好']], undefined, [], []],
    ['matched by 工号: the roster supplies a missing centre', [['E1', '张三', '', '2025-01', '好']], [rosterRow(2, 'E1', '张三', '甲镇')], [['E1', '甲镇']], []],
    ['matched by 姓名 + 所属中心 when 工号 is blank', [['', '张三', '甲镇', '2025-01', '好']], [rosterRow(2, 'E1', '张三', '甲镇')], [['张三@甲镇', '甲镇']], []],
    ['not in the roster: NOT_IN_ROSTER, still graded', [['E9', '王五', '甲', '2025-01', '好']], [rosterRow(2, 'E1', '张三', '甲镇')], [['E9', '甲']], ['NOT_IN_ROSTER']],
    ['no centre in either file: CENTER_REQUIRED', [['E9', '王五', '', '2025-01', '好']], undefined, [['E9', undefined]], ['CENTER_REQUIRED']],
    ['rated only in another year but on the roster: kept (months of 2025 blank)', [['E1', '张三', '甲', '2024-12', '好']], [rosterRow(2, 'E1', '张三', '甲镇')], [['E1', '甲']], []],
  ])('%s', async (_, rows, roster, expected, codes) => {
    const r = ratedInYear(await collected(rows), 2025, roster);
    expect(r.rated.map((c) => [c.staffId, c.center])).toEqual(expected);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
  });

  it('hands the grading the roster row of each matched clerk', async () => {
    const r = ratedInYear(await collected([['E1', '张三', '甲', '2025-01', '好']]), 2025, [rosterRow(2, 'E1', '张三', '甲镇', { startDate: d('2025-03-01') })]);
    expect(r.employment.get('E1')?.startDate).toBe('2025-03-01');
  });
});
