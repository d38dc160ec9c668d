// Issue 14: ratings filed by every centre (a folder of files, wide and long, xlsx and csv), the
// quota's denominator from the roster, 报送情况, 连续考核末位 and who may lead a window.
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { MONTH_HEADERS, ratedPeople, ratingsLong, ratingsWide } from '../fixtures/district.js';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack, writeCsv, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;
const ROSTER = `${ROOT}fixtures/roster.xlsx`;

type Clerk = { employeeNo: string; name: string; center: string; months: string[]; counts: Record<string, number>; grade: string; recommendations: string[]; basis: string };
type Json = {
  clerks: Clerk[];
  quota: Array<{ center: string; month: string; staff: number; rated: number; onPost?: number; good: number; limit: number; ok: boolean }>;
  issues: Array<{ code: string; severity: string; message: string; file?: string; center?: string }>;
  filings: Array<{ center: string; months: Array<{ month: string; status: string; files?: string[] }> }>;
  lastPlace: Array<{ name: string; decision: string; places: Array<{ year: number; grade: string; position: number; of: number; tied: number; source: string }> }>;
  leadCandidates: Array<{ name: string; evidence: string }> | null;
  inputs: Array<{ path: string; rows: number }>;
};
const annual = (args: string[]) => {
  const r = cli(['annual', ...args, '--json', '-q']);
  if (r.code === 2) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Json;
};
const grades = (j: Json) => j.clerks.map((c) => [c.employeeNo, c.center, c.grade, c.months.join(','), c.recommendations.join('、')]).sort();

/** The sample district's ratings, one file per centre, in the shapes centres send. */
function centresFolder(dir: string, skip?: string): Promise<void[]> {
  mkdirSync(dir, { recursive: true });
  const people = ratedPeople();
  const centres = [...new Set(people.map((p) => p[2]))];
  const wide = ratingsWide();
  const long = ratingsLong();
  return Promise.all(
    centres
      .filter((c) => c !== skip)
      .map((center, i) => {
        const path = `${dir}/${String(i + 1).padStart(2, '0')}-${center}`;
        const mine = wide.slice(2).filter((r) => r[2] === center);
        if (i % 3 === 0) return writeXlsx(`${path}.xlsx`, [{ name: '月度考核', title: `${center}2025年月度考核`, header: ['工号', '姓名', '所属中心', ...MONTH_HEADERS], rows: mine }]);
        if (i % 3 === 1) {
          const rows = long.filter((r) => r[2] === center).map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 7) : v)));
          return writeCsv(`${path}.csv`, [['工号', '姓名', '所属中心', '月份', '考核等次'], ...rows], 'utf8-bom');
        }
        return writeCsv(`${path}.csv`, [['工号', '姓名', '所属中心', ...MONTH_HEADERS], ...mine], 'gbk');
      }),
  );
}

describe('a folder of per-centre files (wide xlsx, long csv, GBK csv)', () => {
  const dir = tmp('报送');
  let one: Json;
  let folder: Json;
  beforeAll(async () => {
    await centresFolder(dir);
    writeFileSync(`${dir}/~$01-锁定文件.xlsx`, 'not a workbook'); // Excel's lock file: skipped
    one = annual([RATINGS]);
    folder = annual([dir]);
  });

  it('grades exactly as the same ratings in one file: every clerk, every month, the quota', () => {
    expect(grades(folder)).toEqual(grades(one));
    expect(folder.quota).toEqual(one.quota);
    expect(folder.inputs.length).toBeGreaterThan(3);
    expect(folder.inputs.reduce((n, i) => n + i.rows, 0)).toBeGreaterThan(0);
  });

  it('报送情况 names the file each centre-month came from; without a roster nothing is “missing”', () => {
    for (const c of folder.filings) {
      for (const m of c.months) expect([m.status, m.files?.length]).toEqual(['filed', 1]);
      expect(c.months[0]!.files![0]).toContain(c.center);
    }
    expect(folder.issues.filter((i) => i.code === 'RATINGS_NOT_FILED')).toEqual([]);
  });

  it('a second file rating someone differently for a month: RATING_CONFLICT naming both files and rows; the same rating again is silent', async () => {
    const more = tmp('报送-补报');
    await centresFolder(more);
    await writeCsv(`${more}/99-补报.csv`, [['工号', '姓名', '所属中心', '月份', '等次'], ['E001', '张伟', '宿城区政务服务中心', '2025-01', '差'], ['E002', '王芳', '宿城区政务服务中心', '2025-03', '一般']], 'utf8');
    const j = annual([more]);
    const conflicts = j.issues.filter((i) => i.code === 'RATING_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.message).toMatch(/^99-补报\.csv 第 2 行（张伟，E001）：2025-01 有两个不同的等次（01-.*\.xlsx 第 \d+ 行“好”、99-补报\.csv 第 2 行“差”）/);
    expect(conflicts[0]!.file).toBe('99-补报.csv');
  });

  it('reads files and folders together, each file once', () => {
    const j = annual([dir, `${dir}/`, RATINGS.replace('ratings-2025.csv', 'ratings-2025.csv')]);
    expect(j.inputs.length).toBe(folder.inputs.length + 1);
  });

  it.each<[string[], RegExp]>([
    [['/nonexistent/报送'], /找不到月度考核表 \/nonexistent\/报送/],
    [[tmp('空文件夹')], /文件夹 .*空文件夹 中没有 \.xlsx 或 \.csv 文件/],
  ])('%j: one sentence, exit 2', (args, message) => {
    mkdirSync(tmp('空文件夹'), { recursive: true });
    const r = cli(['annual', ...args, '-q']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });
});

describe('with the roster: the quota of those on post, 未报送, who may lead a window', () => {
  const dir = tmp('报送-缺一');
  let j: Json;
  let wb: ExcelJS.Workbook;
  const missing = '龙河镇便民服务中心';
  beforeAll(async () => {
    await centresFolder(dir, missing);
    j = annual([dir, '--roster', ROSTER]);
    const out = tmp('年度.xlsx');
    cli(['annual', dir, '--roster', ROSTER, '-o', out, '-q']);
    wb = await readBack(out);
  });

  it('the quota’s denominator is each centre’s clerks on post that month (roster), at least those rated; both counts shown', () => {
    const payrollJune = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q']).stdout) as { clerks: Array<{ center: string }> };
    for (const q of j.quota) {
      expect(q.onPost).toBeGreaterThan(0);
      expect(q.staff).toBe(Math.max(q.onPost!, q.rated));
      expect(q.limit).toBe(Math.floor(q.staff * 0.2));
    }
    // Everyone paid in June was on post in June: at least that many.
    const june = j.quota.filter((q) => q.month === '2025-06');
    for (const q of june) expect(q.onPost!).toBeGreaterThanOrEqual(payrollJune.clerks.filter((c) => c.center === q.center).length);
    const rows: unknown[][] = [];
    wb.getWorksheet('月度比例')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[0] === '中心')).toEqual(['中心', '月份', '窗口人员数', '好', '上限', '是否符合', '有等次人数', '在岗人数（花名册）']);
  });

  it('a centre that filed nothing, with clerks on post: 未报送 each month, a warning citing 二(二)8(1)', () => {
    const notFiled = j.issues.filter((i) => i.code === 'RATINGS_NOT_FILED');
    expect(notFiled.length).toBeGreaterThan(0);
    expect(new Set(notFiled.map((i) => i.center))).toEqual(new Set([missing]));
    expect(notFiled.every((i) => i.severity === 'warning' && /（二\(二\)8\(1\)）$/.test(i.message))).toBe(true);
    const row: unknown[] = [];
    wb.getWorksheet('报送情况')!.eachRow((r) => {
      if ((r.values as unknown[])[1] === missing) row.push(...(r.values as unknown[]).slice(2));
    });
    expect(row[0]).toMatch(/^未报送（在岗 \d+ 人）$/);
  });

  it('可竞选窗口负责人: 优秀 with a clerk certificate of 三级 or better, with the evidence', () => {
    const roster = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-12', '--json', '-q']).stdout) as { clerks: Array<{ employeeNo: string; skillSource: string; skillGrade: number | null }> };
    const certOf = new Map(roster.clerks.filter((c) => c.skillSource === 'clerk').map((c) => [c.employeeNo, c.skillGrade!]));
    const expected = j.clerks.filter((c) => c.grade === 'excellent' && (certOf.get(c.employeeNo) ?? 9) <= 3).map((c) => c.name);
    expect(j.leadCandidates!.map((c) => c.name)).toEqual(expected);
    expect(annual([RATINGS]).leadCandidates).toBeNull(); // no roster, no certificates to go by
  });
});

describe('连续考核末位 across years', () => {
  /** The sample's 2025 ratings written as 2024's too: whoever is last in 2025 was last in 2024. */
  async function twoYears(path: string) {
    const wide = ratingsWide().slice(2);
    const header = ['工号', '姓名', '所属中心', ...MONTH_HEADERS.map((h) => h.replace('2025', '2024')), ...MONTH_HEADERS];
    await writeCsv(path, [header, ...wide.map((r) => [...r.slice(0, 3), ...r.slice(3), ...r.slice(3)])], 'utf8');
  }

  it('from one file with two years: the latest is graded, the earlier is its history', async () => {
    const path = tmp('两年.csv');
    await twoYears(path);
    const r = cli(['annual', path, '--json']);
    expect(r.stderr).toMatch(/按最新的 2025 年评定，之前的年度作为历史/);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.lastPlace.length).toBeGreaterThan(0);
    for (const f of j.lastPlace) expect(f.places.map((p) => [p.year, p.source])).toEqual([[2024, '本次月度考核'], [2025, '本次月度考核']]);
    // Most of the sample is 基本称职: a centre all (or mostly) tied has no 末位 to act on (issue 21.9).
    const tooMany = (p: { of: number; tied: number }) => p.tied === p.of || p.tied > p.of / 2;
    for (const f of j.lastPlace) expect(f.decision).toBe(f.places.some(tooMany) ? 'review' : 'rotate');
    const rotate = new Set(j.lastPlace.filter((f) => f.decision === 'rotate').map((f) => f.name));
    const review = new Set(j.lastPlace.filter((f) => f.decision === 'review').map((f) => f.name));
    expect([rotate.size, review.size].every((n) => n > 0)).toBe(true);
    for (const c of j.clerks.filter((c) => rotate.has(c.name))) {
      expect(c.recommendations).toContain('换岗');
      expect(c.basis).toMatch(/连续 2 个年度考核末位（2024年 .*倒数第 1 名；2025年 .*倒数第 1 名），建议换岗（二\(二\)8\(2\)）/);
    }
    for (const c of j.clerks.filter((c) => review.has(c.name))) {
      expect(c.recommendations).not.toContain('换岗'); // 不称职 is not among them here
      expect(c.basis).toMatch(/并列过多（.*），是否换岗由人工确定/);
    }
    const count = (d: string) => j.lastPlace.filter((f) => f.decision === d).length;
    expect(j.issues.filter((i) => i.code === 'LAST_PLACE_CONSECUTIVE').length).toBe(count('rotate'));
    expect(j.issues.filter((i) => i.code === 'LAST_PLACE_TIED').map((i) => i.severity)).toEqual(Array(count('review')).fill('warning'));
    expect(r.stderr).toMatch(new RegExp(`连续考核末位：${count('rotate')} 人，建议换岗`));
    expect(r.stderr).toMatch(new RegExp(`并列过多：${count('review')} 人，不据此建议换岗，由人工确定`));
    // In the workbook: 需人工复核 for each tie to decide, 换岗 only for the decided.
    const out = tmp('两年.xlsx');
    cli(['annual', path, '-o', out, '-q']);
    const rows: unknown[][] = [];
    (await readBack(out)).getWorksheet('年度考核')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const h = rows.find((x) => x[0] === '工号')!;
    const byNo = new Map(rows.map((x) => [x[0], x]));
    for (const f of j.lastPlace) {
      const row = byNo.get((f as unknown as { staffId: string }).staffId)!;
      expect([row[h.indexOf('需人工复核')], row[h.indexOf('建议')]]).toEqual(f.decision === 'review' ? ['是', undefined] : [row[h.indexOf('需人工复核')], '换岗']);
    }
    // One year alone: nobody is 连续.
    expect(annual([RATINGS]).lastPlace).toEqual([]);
  });

  it('from last year’s output workbook (--history): the same finding, read back by 工号', async () => {
    const path = tmp('两年-b.csv');
    await twoYears(path);
    const fromFile = annual([path]);
    const last2024 = tmp('2024年度考核.xlsx');
    expect(cli(['annual', path, '--year', '2024', '-o', last2024, '-q']).code).toBeLessThan(2);
    const withHistory = annual([RATINGS, '--history', last2024]);
    expect(withHistory.lastPlace.map((f) => [f.name, f.places.map((p) => [p.year, p.grade, p.position, p.of])])).toEqual(fromFile.lastPlace.map((f) => [f.name, f.places.map((p) => [p.year, p.grade, p.position, p.of])]));
    expect(withHistory.lastPlace[0]!.places[0]!.source).toBe('2024年度考核.xlsx');
  });

  it.each<[string, (p: string) => Promise<string[]>, RegExp]>([
    ['a history of the same year', async (p) => {
      const out = tmp('2025-as-history.xlsx');
      cli(['annual', RATINGS, '-o', out, '-q']);
      return [RATINGS, '--history', out];
    }, /不早于本次评定的 2025 年/],
    ['a file that is not an annual workbook', async () => [RATINGS, '--history', ROSTER], /不是 gov-clerk annual 生成的年度考核工作簿/],
  ])('%s: one sentence, exit 2', async (_, args, message) => {
    const r = cli(['annual', ...(await args('')), '-q']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  });
});
