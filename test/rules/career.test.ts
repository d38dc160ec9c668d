// 连续考核末位 and 可竞选窗口负责人 (二(二)8(2), 二(二)4(1)): tables of cases at the edges.
import { describe, expect, it } from 'vitest';
import { consecutiveLastPlace, gradesByYear, lastPlaces, leadCandidates, withLastPlace, type YearGrade } from '../../src/rules/career.js';
import { gradeClerk } from '../../src/rules/annual.js';
import type { Grade } from '../../src/domain.js';
import { messageOf, severityOf } from '../../src/issues/catalogue.js';
import { clerk, policy, withValues } from '../helpers/clerks.js';
import { d } from '../helpers/dates.js';

const G: Record<string, Grade | 'pending'> = { 优: 'excellent', 称: 'competent', 基: 'basically_competent', 不: 'incompetent', 待: 'pending' };
/** A centre's year from one character a clerk: '优称基' is three clerks E1..E3. */
const year = (grades: string, y = 2025, center = '甲镇便民服务中心', prefix = 'E'): YearGrade[] =>
  [...grades].map((g, i) => ({ staffId: `${prefix}${i + 1}`, name: `人员${i + 1}`, center, year: y, grade: G[g]!, source: '本次月度考核' }));

describe('lastPlaces (one year, one centre)', () => {
  it.each<[string, string, string[]]>([
    ['the lowest, when it is 基本称职', '优称基', ['E3']],
    ['the lowest, when it is 不称职', '称不基', ['E2']],
    ['tied lowest: all of them', '称基基', ['E2', 'E3']],
    ['everyone 称职 or better: no 末位', '优称称', []],
    ['one clerk graded: no ranking', '基', []],
    ['待定 is not graded (one graded clerk left)', '基待', []],
    ['待定 is not the lowest', '称基待', ['E2']],
    ['all 基本称职: all tied 末位', '基基', ['E1', 'E2']],
  ])('%s: %s → %j', (_, grades, expected) => {
    expect([...lastPlaces(year(grades), 'basically_competent').keys()]).toEqual(expected);
  });

  it('gives the place: position among those graded, and how many share it', () => {
    expect(lastPlaces(year('优称基基'), 'basically_competent', 0.5).get('E3')).toEqual({ year: 2025, center: '甲镇便民服务中心', grade: 'basically_competent', position: 3, of: 4, tied: 2, tooManyTied: false });
  });

  it('ranks each centre on its own', () => {
    const both = [...year('优基'), ...year('称称', 2025, '乙镇便民服务中心', 'F')];
    expect([...lastPlaces(both, 'basically_competent').keys()]).toEqual(['E2']);
  });

  it('a max_grade of 称职 makes a 称职 lowest a 末位', () => {
    expect([...lastPlaces(year('优称'), 'competent').keys()]).toEqual(['E2']);
  });
});

describe('consecutiveLastPlace (policy annual.last_place: two years)', () => {
  const span = (y2024: string, y2025: string) => new Map([[2024, year(y2024, 2024)], [2025, year(y2025, 2025)]]);
  it.each<[string, string, string, string[]]>([
    ['末位 both years', '优基', '称基', ['E2']],
    ['末位 only this year', '基优', '称基', []],
    ['末位 only last year', '优基', '基称', []],
    ['no grade last year (not in that year’s data)', '优', '称基', []],
    ['tied both years', '称基基', '优不不', ['E2', 'E3']],
  ])('%s: 2024 %s, 2025 %s → %j', (_, a, b, expected) => {
    expect(consecutiveLastPlace(span(a, b), 2025, policy).findings.map((f) => f.staffId)).toEqual(expected);
  });

  // Issue 21.9: a tie of more than annual.last_place_tie_share (built in: half) of the centre, or
  // all of it, is no 末位: listed for a person to decide (LAST_PLACE_TIED, a warning), not 换岗.
  it.each<[string, string, string, Array<[string, string]>]>([
    ['2 of 4 tied (half, not more): 换岗', '优称基基', '优称不不', [['E3', 'rotate'], ['E4', 'rotate']]],
    ['3 of 4 tied in the report year: to decide', '优称基基', '优不不不', [['E3', 'review'], ['E4', 'review']]],
    ['3 of 4 tied in the earlier year: to decide', '优基基基', '优称不不', [['E3', 'review'], ['E4', 'review']]],
    ['the whole centre tied (2 of 2): to decide', '基基', '不不', [['E1', 'review'], ['E2', 'review']]],
    ['one last of 7: 换岗', '优称称称称称基', '优称称称称称基', [['E7', 'rotate']]],
    ['7 of 7 all 基本称职 both years: to decide, nobody recommended', '基基基基基基基', '基基基基基基基', Array.from({ length: 7 }, (_, i) => [`E${i + 1}`, 'review'] as [string, string])],
  ])('%s', (_, a, b, expected) => {
    const { findings, issues } = consecutiveLastPlace(span(a, b), 2025, policy);
    expect(findings.map((f) => [f.staffId, f.decision])).toEqual(expected);
    expect(issues.map((i) => [i.code, i.staffId])).toEqual(expected.map(([id, dec]) => [dec === 'rotate' ? 'LAST_PLACE_CONSECUTIVE' : 'LAST_PLACE_TIED', id]));
  });

  it('LAST_PLACE_TIED: a warning citing the tie-share parameter, with the places as data, ranks worded from the bottom', () => {
    const { issues } = consecutiveLastPlace(span('优基基基', '优称不不'), 2025, policy);
    const i = issues[0]!;
    expect([i.code, severityOf(i), i.clause]).toEqual(['LAST_PLACE_TIED', 'warning', '二(二)8(2)']);
    expect(i.data).toEqual({
      name: '人员3',
      years: 2,
      share: 0.5,
      places: [
        { year: 2024, center: '甲镇便民服务中心', grade: 'basically_competent', of: 4, tied: 3, tooManyTied: true },
        { year: 2025, center: '甲镇便民服务中心', grade: 'incompetent', of: 4, tied: 2, tooManyTied: false },
      ],
    });
    expect(messageOf(i)).toBe(
      '（E3）：人员3 连续 2 个年度等次在本中心最低，但并列的人数超过本中心有等次人数的 50%（或全中心并列），不据此认定末位、未建议换岗，请人工确定（2024年 基本称职，甲镇便民服务中心 4 人中 3 人并列倒数第 1 名；2025年 不称职，甲镇便民服务中心 4 人中 2 人并列倒数第 1 名）（二(二)8(2)）',
    );
    expect(messageOf(consecutiveLastPlace(span('基基', '不不'), 2025, policy).issues[0]!)).toContain('2 人中 2 人并列倒数第 1 名（全中心并列）');
  });

  it('the share is a policy parameter: at 0.8, 3 of 4 tied is a 末位 again; at 1, only the whole centre is not', () => {
    const at = (share: number) => withValues({ 'annual.last_place_tie_share': share });
    expect(consecutiveLastPlace(span('优基基基', '优称不不'), 2025, at(0.8)).findings.map((f) => f.decision)).toEqual(['rotate', 'rotate']);
    expect(consecutiveLastPlace(span('基基基基', '优称不不'), 2025, at(1)).findings.map((f) => f.decision)).toEqual(['review', 'review']);
    expect(consecutiveLastPlace(span('称基基基', '优称不不'), 2025, at(1)).findings.map((f) => f.decision)).toEqual(['rotate', 'rotate']);
  });

  it('withLastPlace: 换岗 only for a decided 末位; a tie to decide keeps the evidence, no recommendation', () => {
    const { findings } = consecutiveLastPlace(span('优基基基', '优称不不'), 2025, policy);
    const results = ['E3', 'E4'].map((staffId) => ({ ...gradeClerk({ staffId, name: staffId, row: 2, months: Array(12).fill('fair') }, policy, { year: 2025 }).result }));
    const out = withLastPlace(results, findings);
    expect(out.map((r) => [r.staffId, r.recommendations, r.facts.lastPlace?.decision])).toEqual([
      ['E3', [], 'review'],
      ['E4', [], 'review'],
    ]);
    const decided = withLastPlace(results, consecutiveLastPlace(span('优称基基', '优称不不'), 2025, policy).findings);
    expect(decided.map((r) => r.recommendations)).toEqual([['换岗'], ['换岗']]);
  });

  it('says why, with both years’ grades and places, citing 二(二)8(2)', () => {
    const { findings, issues } = consecutiveLastPlace(span('优基称', '称基'), 2025, policy);
    expect(findings[0]!.places.map((p) => [p.year, p.grade, p.position, p.of, p.source])).toEqual([
      [2024, 'basically_competent', 3, 3, '本次月度考核'],
      [2025, 'basically_competent', 2, 2, '本次月度考核'],
    ]);
    expect(issues.map((i) => [i.code, messageOf(i)])).toEqual([
      ['LAST_PLACE_CONSECUTIVE', '（E2）：人员2 连续 2 个年度考核末位（2024年 基本称职，甲镇便民服务中心 3 人中倒数第 1 名；2025年 基本称职，甲镇便民服务中心 2 人中倒数第 1 名），建议换岗任用（二(二)8(2)）'],
    ]);
  });

  it('three years when the policy says three', () => {
    const three = withValues({ 'annual.last_place': { max_grade: 'basically_competent', years: 3 } });
    const byYear = new Map([[2023, year('优基', 2023)], [2024, year('优基', 2024)], [2025, year('优基', 2025)]]);
    expect(consecutiveLastPlace(byYear, 2025, three).findings.map((f) => f.staffId)).toEqual(['E2']);
    byYear.delete(2023);
    expect(consecutiveLastPlace(byYear, 2025, three).findings).toEqual([]);
  });
});

describe('leadCandidates (policy annual.lead_candidate: 三级 or better, 优秀)', () => {
  const roster = (grade: 1 | 2 | 3 | 4 | 5 | undefined, certDate = '2020-01-01') =>
    new Map([['E1', clerk({ staffId: 'E1', ...(grade ? { cert: { grade, date: d(certDate) } } : {}) })]]);
  const one = (g: string) => year(g).slice(0, 1);
  it.each<[string, string, ReturnType<typeof roster>, boolean]>([
    ['优秀 with 三级', '优', roster(3), true],
    ['优秀 with 一级', '优', roster(1), true],
    ['优秀 with 四级: grade too low', '优', roster(4), false],
    ['称职 with 二级: not 优秀', '称', roster(2), false],
    ['待定: nobody is listed on a pending grade', '待', roster(1), false],
    ['优秀 without a certificate', '优', roster(undefined), false],
    ['a certificate dated after the year’s end does not count', '优', roster(2, '2026-01-05'), false],
    ['not in the roster', '优', new Map(), false],
  ])('%s', (_, g, r, listed) => {
    expect(leadCandidates(one(g), r, 2025, policy).length).toBe(listed ? 1 : 0);
  });

  it('gives the evidence and the clause', () => {
    const [c] = leadCandidates(one('优'), roster(3, '2019-05-01'), 2025, policy);
    expect([c!.evidence, c!.clause]).toEqual(['办事员证书 三级/高级工（2019-05-01 取得，不低于三级/高级工），2025年度考核优秀', '二(二)4(1)']);
  });
});

describe('gradesByYear (this run’s ratings, then earlier annual workbooks)', () => {
  const people = [
    { staffId: 'E1', employeeNo: 'E1', name: '张三', center: '甲镇便民服务中心' },
    { staffId: '32130219900101123X', idNumber: '32130219900101123X', name: '李四', center: '甲镇便民服务中心' },
  ];
  const row = (over: object) => ({ row: 4, name: '某人', grade: 'basically_competent' as const, center: '甲镇便民服务中心', ...over });
  it.each<[string, object, string]>([
    ['by 工号', { employeeNo: 'E1', name: '张三' }, 'E1'],
    ['by 身份证号 (no 工号 in the workbook)', { idNumber: '32130219900101123X', name: '李四' }, '32130219900101123X'],
    ['by 姓名 + 所属中心', { name: '张三' }, 'E1'],
    ['nobody of this run: a person of its own, still ranked', { employeeNo: 'X9', name: '王五' }, 'X9'],
  ])('a history row is matched %s', (_, over, staffId) => {
    const byYear = gradesByYear(2025, new Map(), [{ year: 2024, file: '2024年度考核.xlsx', rows: [row(over)] }], people);
    expect(byYear.get(2024)!.map((g) => [g.staffId, g.source])).toEqual([[staffId, '2024年度考核.xlsx']]);
  });

  it('a year this run’s ratings have is graded from them; the workbook only adds those they lack; a later year is ignored', () => {
    const fromRatings = new Map([[2024, [{ staffId: 'E1', employeeNo: 'E1', name: '张三', center: '甲镇便民服务中心', grade: 'competent' as const }]]]);
    const byYear = gradesByYear(2025, fromRatings, [
      { year: 2024, file: 'h.xlsx', rows: [row({ employeeNo: 'E1', name: '张三', grade: 'incompetent' }), row({ employeeNo: 'X9', name: '王五' })] },
      { year: 2025, file: 'same-year.xlsx', rows: [row({ employeeNo: 'E1' })] },
    ], people);
    expect(byYear.get(2024)!.map((g) => [g.staffId, g.grade, g.source])).toEqual([['E1', 'competent', '本次月度考核'], ['X9', 'basically_competent', 'h.xlsx']]);
    expect(byYear.has(2025)).toBe(false);
  });
});
