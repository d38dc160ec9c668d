// Issue 21 #5: no message with a hole. Every code of the catalogue is rendered from data of the
// shape its rule really passes (the table below must name every code: a new code that is not
// added here fails the type check), and every field an output shows is checked too.
import { describe, expect, it } from 'vitest';
import { d } from '../helpers/dates.js';
import { CATALOGUE, fieldsOf, makeIssue, messageOf, type DataOf, type IssueCode } from '../../src/issues/catalogue.js';

/** Data as the rules and the input layer make it (see each code's raise site). */
const SAMPLES: { [C in IssueCode]: DataOf<C> } = {
  VALUE_REQUIRED: { column: '学历', value: '', detail: '已填写证书等级，须填写取证日期' },
  VALUE_INVALID: { column: '证书等级', value: '六级', expected: '技能等级（五级/初级工 … 一级/高级技师）' },
  DATE_INVALID: { column: '上岗日期', value: '2025-02-30', detail: '2 月没有 30 日' },
  DATE_IMPRECISE: { column: '上岗日期', value: '2025年6月' },
  ID_INVALID: { column: '身份证号', value: '321302199003120000', detail: '以数字格式保存' },
  EDUCATION_AMBIGUOUS: { column: '学历', value: '本科结业', expected: '本科', detail: '"结业"不一定取得学历' },
  CERT_UNKNOWN: { column: '其他证书', value: '会计证' },
  CENTER_LEVEL_UNKNOWN: { column: '所属中心', value: '开发区服务点' },
  PLACEHOLDER_VALUE: { column: '身份证号', value: '无' },
  INVISIBLE_CHARS: { column: '工号', value: 'E001' },
  EXAMPLE_ROW: { column: '姓名', value: '张三（示例）' },
  COLUMN_DUPLICATE: { column: '身份证号', value: '身份证', expected: '身份证号' },
  COLUMN_GUESSED: { column: '证书等级', value: '技能等级证书级别', how: 'similar' },
  COLUMN_UNUSED: { value: '备注', position: 17, likely: ['证书等级'], present: false },
  COLUMN_MISSING: { column: '证书等级', effect: '所有人按没有办事员证书计算' },
  CERT_EARLIER_GRADE_UNKNOWN: { firstDate: '2019-03-01', certDate: '2025-05-10', paidGrade: 5 },
  SENIORITY_MAY_BE_UNDERSTATED: { certDate: '2025-05-10', workSince: '2018-03-01' },
  SOCIAL_WORK_MAPPED: { column: '其他证书', value: '社会工作师', expected: '四级/中级工' },
  CERT_NOT_YET_VALID: { column: '取证日期', value: '2025-07-01' },
  AGE_OVER_LIMIT: { column: '出生日期', value: '1980-01-01', actual: 38, required: 35 },
  EDUCATION_BELOW_MIN: { column: '学历', actual: '中专', required: '大专' },
  CERT_OVERDUE: { column: '上岗日期', value: '2023-01-01', years: 1, deadline: '2024-01-01' },
  CERT_LATE: { column: '取证日期', value: '2025-01-01', expected: '2023-01-01', years: 1, deadline: '2024-01-01' },
  ID_BIRTH_MISMATCH: { column: '出生日期', value: '1990-03-12', expected: '1990-03-21' },
  DUPLICATE_STAFF: { column: '工号', value: 'E001', detail: '5、9' },
  DATE_ORDER: { column: '离岗日期', value: '2020-01-01', expected: '2021-01-01' },
  START_BEFORE_WORKING_AGE: { column: '上岗日期', value: '2010-03-01', birthDate: '1995-06-01', minAge: 16, earliest: '2011-06-01' },
  CERT_BEFORE_WORKING_AGE: { column: '取证日期', value: '2010-03-01', birthDate: '1995-06-01', minAge: 16, earliest: '2011-06-01' },
  RATING_UNKNOWN: { column: '2025年3月', value: '优' },
  MONTH_MISSING: { value: '2025年3月' },
  NOT_FULL_YEAR_CAPPED: { partial: { startDate: d('2025-03-01'), yearStart: d('2025-01-01') }, cap: 'competent' },
  QUOTA_EXCEEDED: { center: '耿车镇便民服务中心', month: '2025年3月', staff: 8, good: 3, limit: 1 },
  YEAR_INCOMPLETE: { detail: '2025年1月至6月' },
  LAST_PLACE_CONSECUTIVE: { name: '张三', years: 2, places: [{ year: 2024, center: '耿车镇便民服务中心', grade: 'basically_competent', of: 8, tied: 1, tooManyTied: false }] },
  LAST_PLACE_TIED: { name: '李四', years: 2, share: 0.5, places: [{ year: 2024, center: '耿车镇便民服务中心', grade: 'basically_competent', of: 7, tied: 7, tooManyTied: true }] },
  RATINGS_NOT_FILED: { center: '埠子镇便民服务中心', month: '2025年3月', staff: 7 },
  RATING_CONFLICT: { column: '等次', month: '2025年6月', value: '好、差' },
  NOT_IN_ROSTER: { value: '王五' },
  CENTER_REQUIRED: { column: '所属中心', value: '王五' },
  WINDOWS_BELOW_MIN: { center: '宿城区政务服务中心', required: 20, actual: 18 },
  CLERK_RATIO_BELOW_MIN: { center: '耿车镇便民服务中心', required: 6, actual: 5, windows: '6', ratio: '1' },
  TOWN_STAFF_BELOW_MIN: { center: '耿车镇便民服务中心', required: 2, actual: 1, item: '直属人员' },
  HEADCOUNT_MISMATCH: { column: '办事员人数', value: '8', center: '耿车镇便民服务中心', declared: 8, actual: 7 },
  CENTER_UNKNOWN: { center: '开发区服务点', actual: 3 },
};

/** What a hole looks like in Chinese text made from a template. */
export const HOLE = /undefined|NaN|\[object Object\]|null|「」|“”|（）|\(\)|，，|：$|^：|[^\d]\s{2,}\S/;

describe('every message of the catalogue, from data as the rules pass it', () => {
  it.each(Object.keys(CATALOGUE) as IssueCode[])('%s', (code) => {
    const issue = makeIssue(code, { row: 12, staffId: 'E001', clause: '二(二)5(2)' }, SAMPLES[code] as never);
    const message = messageOf(issue);
    expect(message).not.toMatch(HOLE);
    expect(message.length).toBeGreaterThan(12);
    for (const v of Object.values(fieldsOf(issue))) expect(String(v)).not.toMatch(HOLE);
    expect(CATALOGUE[code].fix).not.toMatch(HOLE);
    expect(CATALOGUE[code].title.length).toBeGreaterThan(1);
  });

  it('the hole detector sees the holes of issue 21', () => {
    expect('按undefined计算').toMatch(HOLE);
    expect('「」为空').toMatch(HOLE);
    expect(messageOf(makeIssue('EDUCATION_AMBIGUOUS', { row: 3 }, { column: '学历', value: '本科结业', detail: 'x' } as never))).toMatch(HOLE);
  });
});

// The same check on what the commands really write, from the sample district (whose rows are
// wrong on purpose in every way the README lists) and a roster with odd headers.
describe('every message the commands write from the sample district', async () => {
  const { cli, ROOT } = await import('../helpers/cli.js');
  const F = `${ROOT}fixtures/`;
  type Out = { issues: Array<Record<string, unknown> & { code: string; message: string }> };
  const runs: Array<[string, string[]]> = [
    ['payroll', ['payroll', `${F}roster.xlsx`, '--month', '2025-06']],
    ['payroll --year', ['payroll', `${F}roster.xlsx`, '--year', '2025']],
    ['budget', ['budget', `${F}roster.xlsx`, '--year', '2025']],
    ['annual --roster', ['annual', `${F}ratings-2025.csv`, '--roster', `${F}roster.xlsx`]],
    ['check-staffing --roster', ['check-staffing', `${F}centers.xlsx`, '--roster', `${F}roster.xlsx`, '--as-of', '2025-06-30']],
    ['check-roster', ['check-roster', `${F}roster.xlsx`, '--as-of', '2025-06-30']],
  ];
  const seen = new Set<string>();
  it.each(runs)('%s', (_, args) => {
    const r = cli([...args, '--json', '-q']);
    expect(r.code).toBeLessThan(2);
    const out = JSON.parse(r.stdout) as Out;
    for (const i of out.issues) {
      seen.add(i.code);
      for (const [k, v] of Object.entries(i)) if (typeof v === 'string' || typeof v === 'number') expect(`${i.code}.${k}=${String(v)}`).not.toMatch(HOLE);
    }
  });
  it('the sample says what 本科结业 was counted as', () => {
    const r = JSON.parse(cli(['payroll', `${F}roster.xlsx`, '--month', '2025-06', '--json', '-q']).stdout) as Out;
    const ambiguous = r.issues.filter((i) => i.code === 'EDUCATION_AMBIGUOUS');
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const i of ambiguous) expect(i.message).toMatch(/按(大专|本科|硕士研究生|博士研究生|大专以下)计算/);
    expect(seen.size).toBeGreaterThan(15);
  });
});
