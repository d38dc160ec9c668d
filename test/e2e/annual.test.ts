// gov-clerk annual on the sample district's year of ratings, outputs read back.
import { beforeAll, describe, expect, it } from 'vitest';
import { ratingsLong } from '../fixtures/district.js';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack, writeCsv, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;
const ROSTER = `${ROOT}fixtures/roster.xlsx`;

type Clerk = { employeeNo: string; name: string; center: string; months: string[]; counts: Record<string, number>; longestPoorStreak: number; grade: string; gradeRange?: string[]; fullYear: boolean; capped: boolean; recommendations: string[]; basis: string };
type Json = { kind: string; period: string; clerks: Clerk[]; quota: Array<{ center: string; month: string; staff: number; good: number; limit: number; ok: boolean }>; issues: Array<{ code: string; severity: string }> };

const run = (args: string[]) => {
  const r = cli(['annual', ...args, '--json', '-q']);
  return { code: r.code, json: JSON.parse(r.stdout) as Json, stderr: r.stderr };
};

describe('gov-clerk annual fixtures/ratings-2025.csv (wide, GBK, with a title line)', () => {
  let wide: ReturnType<typeof run>;
  beforeAll(() => {
    wide = run([RATINGS]);
  });

  it('grades one clerk of each grade, one pending, and flags the exceeded quota (exit 1)', () => {
    expect(wide.code).toBe(1);
    expect(wide.json).toMatchObject({ kind: 'annual', period: '2025' });
    const by = (no: string) => wide.json.clerks.find((c) => c.employeeNo === no)!;
    expect(by('E001').grade).toBe('excellent');
    expect(by('E002').grade).toBe('competent');
    expect(by('E003').grade).toBe('basically_competent');
    expect(by('E004').grade).toBe('basically_competent');
    expect(by('E011')).toMatchObject({ grade: 'incompetent', longestPoorStreak: 2, recommendations: ['换岗'] });
    expect(by('E030').grade).toBe('incompetent');
    expect(by('E009')).toMatchObject({ grade: 'pending', gradeRange: ['excellent', 'incompetent'] });
    expect(by('E013').grade).toBe('basically_competent');
    expect(by('E006')).toMatchObject({ grade: 'competent', capped: true, fullYear: false });
    expect(by('E001').basis).toBe('好4次、一般8次、差0次：好4次（不少于4次）且无差 → 优秀，二(二)8(2)');
    expect(wide.json.quota.filter((q) => !q.ok)).toEqual([{ center: '耿车镇便民服务中心', month: '2025-03', staff: 8, rated: 8, good: 2, limit: 1, ok: false }]);
  });

  it('gives identical results from the same ratings in long form (xlsx, dates and aliases)', async () => {
    const path = tmp('ratings-long.xlsx');
    await writeXlsx(path, [{ name: '月度考核', title: '2025年月度考核明细', header: ['工号', '姓名', '所属中心', '考核月份', '考核结果'], rows: ratingsLong() }]);
    const long = run([path]);
    // Source row numbers differ between the layouts; everything else must not.
    const strip = (cs: Array<Clerk & { row?: number }>) => cs.map(({ row: _row, ...c }) => c);
    expect(strip(long.json.clerks)).toEqual(strip(wide.json.clerks));
    expect(long.json.quota).toEqual(wide.json.quota);
  });

  it('uses the roster for full years, missing months and 换岗', () => {
    const r = run([RATINGS, '--roster', ROSTER]);
    const by = (no: string) => r.json.clerks.find((c) => c.employeeNo === no)!;
    expect(by('E010').recommendations).toEqual(['换岗']); // no certificate since 2022
    expect(by('E025').fullYear).toBe(false); // started in July
    expect(r.json.issues.map((i) => i.code)).toContain('MONTH_MISSING'); // E028, on post on 30 June
    expect(r.json.issues.map((i) => i.code)).not.toContain('NOT_IN_ROSTER');
  });

  it('writes 年度考核 with months coloured by rating, 月度比例, 等次分布, 数据问题, 政策参数', async () => {
    const out = tmp('annual.xlsx');
    expect(cli(['annual', RATINGS, '-o', out, '-q']).code).toBe(1);
    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年度考核', '月度比例', '等次分布', '报送情况', '连续考核末位', '可竞选窗口负责人', '数据问题', '政策参数']);
    const ws = wb.getWorksheet('年度考核')!;
    expect((ws.getRow(3).values as unknown[]).slice(1, 5)).toEqual(['工号', '姓名', '所属中心', '1月']);
    let e001 = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === 'E001') e001 = n;
    });
    const row = ws.getRow(e001);
    expect(row.getCell(4).value).toBe('好');
    expect((row.getCell(4).fill as { fgColor: { argb: string } }).fgColor.argb).toBe('FFC6EFCE');
    expect(row.getCell(22).value).toBe('优秀');
    const dist = wb.getWorksheet('等次分布')!;
    const total = dist.getRow(dist.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect((total.getCell(7).value as { result: number }).result).toBe(wide.json.clerks.length);
    const quota = wb.getWorksheet('月度比例')!;
    const over: unknown[] = [];
    quota.eachRow((r) => {
      if (r.getCell(6).value === '超过') over.push((r.values as unknown[]).slice(1));
    });
    expect(over).toEqual([['耿车镇便民服务中心', '2025-03', 8, 2, 1, '超过', 8]]);
  });
});

describe('the year', () => {
  it('asks for --year when the months carry no year', async () => {
    const path = tmp('yearless.csv');
    await writeCsv(path, [['工号', '姓名', '所属中心', '1月', '2月'], ['E1', '甲', '甲镇便民服务中心', '好', '一般']], 'utf8');
    const r = cli(['annual', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/请用 --year 指定考核年度/);
    expect(run([path, '--year', '2025']).json.clerks[0]).toMatchObject({ months: ['good', 'fair', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'none'] });
  });
  it('grades the latest of several years unless --year says, and takes only that year', async () => {
    const path = tmp('two-years.csv');
    await writeCsv(path, [['工号', '姓名', '所属中心', '2024年12月', '2025年1月'], ['E1', '甲', '甲镇便民服务中心', '差', '好']], 'utf8');
    const latest = cli(['annual', path, '--json']);
    expect(latest.stderr).toMatch(/中有 2024、2025 年的数据，按最新的 2025 年评定/);
    expect(run([path, '--year', '2024']).json.clerks[0]!.counts).toEqual({ good: 0, fair: 0, poor: 1, suspended: 0, none: 11 });
    expect(run([path, '--year', '2025']).json.clerks[0]!.counts).toEqual({ good: 1, fair: 0, poor: 0, suspended: 0, none: 11 });
  });
  it('lists an unknown rating and still grades the clerk', async () => {
    const path = tmp('unknown.csv');
    await writeCsv(path, [['工号', '姓名', '所属中心', '2025-01', '2025-02'], ['E1', '甲', '甲镇便民服务中心', '良好', '好']], 'utf8');
    const r = run([path]);
    expect(r.json.issues.map((i) => i.code)).toContain('RATING_UNKNOWN');
    expect(r.json.clerks[0]!.counts.good).toBe(1);
  });
});
