// Issue 21.2: a month is a month however it was written. One file with headers 1月…6月 (the year
// from --year) and another with 2025年6月 rate the same person: a different rating is
// RATING_CONFLICT, and the month then counts for neither the grade nor the quota (issue 25.7).
import { describe, expect, it } from 'vitest';
import { textCell } from '../../src/io/cell.js';
import type { DataRow } from '../../src/io/table.js';
import { messageOf } from '../../src/issues/catalogue.js';
import { annualYear, ratedInYear } from '../../src/rules/annual.js';
import { collectRatings, mergeNamesakes, noRatings, settleYearless, type CollectedRatings } from '../../src/schema/ratings.js';
import { policy } from '../helpers/clerks.js';
import { makeId } from '../helpers/sheets.js';

const CENTRE = '甲镇便民服务中心';
/** Rows of one file as collectRatings reads them: `keys` are the recognised columns, in order. */
async function read(into: CollectedRatings, file: string, keys: string[], rows: string[][]): Promise<void> {
  const columns = new Map(keys.map((k, i) => [k, i]));
  const data: DataRow[] = rows.map((r, i) => ({ row: i + 2, get: (k: string) => textCell(r[columns.get(k)!] ?? '') }));
  async function* batches() {
    yield data;
  }
  await collectRatings(batches(), columns, new Map(), () => {}, into, { file, many: true });
}

const WIDE = ['employeeNo', 'name', 'center', 'month:*-01', 'month:*-02', 'month:*-03', 'month:*-04', 'month:*-05', 'month:*-06'];
const LONG = ['employeeNo', 'name', 'center', 'period', 'rating'];
const people = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E10'];

/** Ten clerks of one centre, January–June in a yearless wide file; June also in a dated long file. */
async function folder(june: Record<string, [string, string]>): Promise<CollectedRatings> {
  const c = noRatings();
  await read(c, '上半年.xlsx', WIDE, people.map((no) => [no, `人员${no}`, CENTRE, '一般', '一般', '一般', '一般', '一般', june[no]?.[0] ?? '一般']));
  await read(c, '6月.csv', LONG, people.map((no) => [no, `人员${no}`, CENTRE, '2025年6月', june[no]?.[1] ?? '一般']));
  return c;
}

function graded(c: CollectedRatings) {
  const settled = settleYearless(c, 2025);
  const joined = ratedInYear(c.clerks.values(), 2025, undefined);
  const y = annualYear(joined.rated, policy, { year: 2025 });
  return { settled, y, grade: (no: string) => y.results.find((r) => r.staffId === no)!, june: y.quota.find((q) => q.month === '2025-06')! };
}

describe('month headers with and without a year (issue 21.2)', () => {
  it('好 under 6月 and 差 under 2025年6月 (and the other way round) are RATING_CONFLICT naming both files', async () => {
    const { settled } = graded(await folder({ E1: ['好', '差'], E2: ['差', '好'] }));
    expect(settled.map((i) => [i.code, i.staffId, i.file])).toEqual([
      ['RATING_CONFLICT', 'E1', '上半年.xlsx'],
      ['RATING_CONFLICT', 'E2', '上半年.xlsx'],
    ]);
    expect(messageOf(settled[0]!)).toContain('2025-06 有两个不同的等次（6月.csv 第 2 行“差”、上半年.xlsx 第 2 行“好”）');
  });

  it('the conflicting month counts for neither grade nor quota', async () => {
    const { grade, june } = graded(await folder({ E1: ['好', '差'], E2: ['差', '好'], E3: ['好', '好'] }));
    // Neither 好 nor 差 for E1 and E2 in June: five months of 一般, graded on what is known.
    expect(grade('E1').months[5]).toBe('none');
    expect(grade('E2').months[5]).toBe('none');
    expect([grade('E1').counts.poor, grade('E2').counts.good]).toEqual([0, 0]);
    expect(grade('E1').grade).toBe('basically_competent');
    expect(grade('E3').months[5]).toBe('good'); // the same rating twice is no conflict
    // June: ten clerks, two with a conflict: eight rated, one 好 (E3), limit 20% of 8 = 1.
    expect(june).toMatchObject({ center: CENTRE, staff: 8, rated: 8, good: 1, limit: 1, ok: true });
  });

  it('without conflicts the two files are one year of ratings', async () => {
    const { settled, grade, june } = graded(await folder({ E1: ['好', '好'] }));
    expect(settled).toEqual([]);
    expect(grade('E1').months.slice(0, 7)).toEqual(['fair', 'fair', 'fair', 'fair', 'fair', 'good', 'none']);
    expect(june).toMatchObject({ staff: 10, rated: 10, good: 1 });
  });

  it('a yearless month is the report year only, not an earlier year of the same folder', async () => {
    const c = noRatings();
    await read(c, '2024.csv', LONG, [['E1', '甲', CENTRE, '2024-03', '差']]);
    await read(c, '今年.xlsx', WIDE, [['E1', '甲', CENTRE, '好', '好', '好', '好', '好', '好']]);
    settleYearless(c, 2025);
    const y2024 = ratedInYear(c.clerks.values(), 2024, undefined).rated[0]!;
    expect(y2024.months.filter((m) => m !== 'none')).toEqual(['poor']);
    expect(ratedInYear(c.clerks.values(), 2025, undefined).rated[0]!.months.slice(0, 6)).toEqual(Array(6).fill('good'));
  });
});

describe('a month rated twice differently in dated files (issue 25.7)', () => {
  it('is left out of the quota: the numbers, not only the message', async () => {
    const c = noRatings();
    const rows = people.map((no) => [no, `人员${no}`, CENTRE, '2025-03', no === 'E1' || no === 'E2' ? '好' : '一般']);
    await read(c, 'a.csv', LONG, [...rows, ['E1', '人员E1', CENTRE, '2025-04', '一般']]);
    await read(c, 'b.csv', LONG, [['E1', '人员E1', CENTRE, '2025-03', '差']]);
    const { y, settled } = graded(c);
    expect(settled).toEqual([]);
    expect(c.issues.map((i) => i.code)).toEqual(['RATING_CONFLICT']);
    expect(y.quota.find((q) => q.month === '2025-03')).toMatchObject({ staff: 9, rated: 9, good: 1, limit: 1, ok: true });
    expect(y.results.find((r) => r.staffId === 'E1')!.counts).toMatchObject({ good: 0, poor: 0, fair: 1 });
  });
});

describe('one person by 工号 in one file and only by 姓名 in another', () => {
  const NAMED = ['name', 'center', 'period', 'rating'];
  it('is one clerk: months merged, a different rating RATING_CONFLICT, counted once in the quota', async () => {
    const c = noRatings();
    await read(c, '甲.csv', LONG, people.map((no) => [no, `人员${no}`, CENTRE, '2025-03', no === 'E1' ? '好' : '一般']));
    await read(c, '补报.csv', NAMED, [['人员E1', CENTRE, '2025-03', '差'], ['人员E1', CENTRE, '2025-04', '一般'], ['人员E2', CENTRE, '2025-03', '一般']]);
    const merged = mergeNamesakes(c);
    expect(merged.map((i) => [i.code, i.staffId, i.file])).toEqual([['RATING_CONFLICT', 'E1', '补报.csv']]);
    expect([...c.clerks.keys()]).toEqual(people);
    const { y } = graded(c);
    expect(y.quota.find((q) => q.month === '2025-03')).toMatchObject({ rated: 9, good: 0 });
    expect(y.results.find((r) => r.staffId === 'E1')!.months.slice(2, 4)).toEqual(['none', 'fair']);
  });
  it.each<[string, string[][], string[]]>([
    ['another centre: another person', [['人员E1', '乙镇便民服务中心', '2025-03', '差']], [...people, '人员E1@乙镇便民服务中心']],
    ['no centre written: the only clerk of that 姓名', [['人员E1', '', '2025-04', '差']], people],
  ])('%s', async (_, rows, staff) => {
    const c = noRatings();
    await read(c, '甲.csv', LONG, people.map((no) => [no, `人员${no}`, CENTRE, '2025-03', '一般']));
    await read(c, '补报.csv', NAMED, rows);
    mergeNamesakes(c);
    expect([...c.clerks.keys()]).toEqual(staff);
  });
  it('two clerks with that 姓名 and 工号: ambiguous, left apart', async () => {
    const c = noRatings();
    await read(c, '甲.csv', LONG, [['E1', '张三', CENTRE, '2025-03', '一般'], ['E2', '张三', CENTRE, '2025-03', '好']]);
    await read(c, '补报.csv', NAMED, [['张三', CENTRE, '2025-03', '差']]);
    expect(mergeNamesakes(c)).toEqual([]);
    expect([...c.clerks.keys()]).toEqual(['E1', 'E2', `张三@${CENTRE}`]);
  });
});

describe('one person by 工号 in one file and only by 身份证号 in another', () => {
  it('is one clerk, and a 姓名-only row of that person joins them too', async () => {
    const id = makeId('19900312', 11);
    const c = noRatings();
    await read(c, '甲.csv', ['employeeNo', 'name', 'idNumber', 'center', 'period', 'rating'], [['E1', '张三', id, CENTRE, '2025-03', '好']]);
    await read(c, '乙.csv', ['idNumber', 'name', 'center', 'period', 'rating'], [[id, '张三', CENTRE, '2025-03', '差'], [id, '张三', CENTRE, '2025-04', '一般']]);
    await read(c, '丙.csv', ['name', 'center', 'period', 'rating'], [['张三', CENTRE, '2025-05', '一般']]);
    expect(mergeNamesakes(c).map((i) => [i.code, i.staffId, i.file])).toEqual([['RATING_CONFLICT', 'E1', '乙.csv']]);
    expect([...c.clerks.keys()]).toEqual(['E1']);
    expect([...c.clerks.get('E1')!.months.keys()].sort()).toEqual(['2025-03', '2025-04', '2025-05']);
  });
});
