// Issue 21.2 and 21.3 from the command line, with folders shaped like the ones centres send: a
// yearless wide file beside a dated long file; a file without 所属中心 matched to the roster.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ratedPeople, ratingsWide } from '../fixtures/district.js';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack, writeCsv, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const ROSTER = `${ROOT}fixtures/roster.xlsx`;

type Json = {
  clerks: Array<{ employeeNo: string; center: string; months: string[]; grade: string }>;
  quota: Array<{ center: string; month: string; rated: number; good: number }>;
  issues: Array<{ code: string; message: string; file?: string; center?: string; staffId?: string }>;
  filings: Array<{ center: string; months: Array<{ month: string; status: string; files?: string[] }> }>;
};
const annual = (args: string[]) => {
  const r = cli(['annual', ...args, '--json', '-q']);
  if (r.code === 2) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Json;
};
/** Each person's twelve ratings in the sample district (工号, 姓名, 所属中心, 1月…12月). */
const WIDE = ratingsWide().slice(2);

describe('6月 in one file and 2025年6月 in another (issue 21.2)', () => {
  it('a person rated 好 in one and 差 in the other is RATING_CONFLICT, and June counts for neither grade nor quota', async () => {
    const dir = tmp('无年份');
    mkdirSync(dir);
    const [first] = WIDE.filter((r) => r[8] === '好'); // someone rated 好 in June
    const who = first![0]!;
    const center = first![2]!;
    // January–June under headers without a year; June again, and July–December, dated.
    await writeXlsx(`${dir}/上半年.xlsx`, [{ name: '考核', header: ['工号', '姓名', '所属中心', '1月', '2月', '3月', '4月', '5月', '6月'], rows: WIDE.map((r) => r.slice(0, 9)) }]);
    const late = WIDE.flatMap((r) =>
      Array.from({ length: 7 }, (_, i) => [r[0]!, r[1]!, r[2]!, `2025年${i + 6}月`, i === 0 && r[0] === who ? '差' : r[8 + i]!]).filter((x) => x[4] !== ''),
    );
    await writeCsv(`${dir}/下半年.csv`, [['工号', '姓名', '所属中心', '月份', '等次'], ...late], 'utf8-bom');

    const whole = annual([`${ROOT}fixtures/ratings-2025.csv`]);
    const j = annual([dir, '--year', '2025']);
    const conflicts = j.issues.filter((i) => i.code === 'RATING_CONFLICT');
    expect(conflicts.map((i) => i.staffId)).toEqual([who]);
    expect(conflicts[0]!.message).toMatch(/2025-06 有两个不同的等次（下半年.csv 第 \d+ 行“差”、上半年.xlsx 第 \d+ 行“好”）/);
    expect(j.clerks.find((c) => c.employeeNo === who)!.months[5]).toBe('none');
    const june = (x: Json) => x.quota.find((q) => q.center === center && q.month === '2025-06')!;
    expect(june(j)).toMatchObject({ rated: june(whole).rated - 1, good: june(whole).good - 1 });
    // Everyone else: exactly the grades of the same ratings in one file.
    const others = (x: Json) => x.clerks.filter((c) => c.employeeNo !== who).map((c) => [c.employeeNo, c.grade, c.months.join(',')]);
    expect(others(j)).toEqual(others(whole));
    // Without --year the year is the one the dated file writes: the same result.
    const inferred = annual([dir]);
    expect([inferred.issues.filter((i) => i.code === 'RATING_CONFLICT').length, june(inferred)]).toEqual([1, june(j)]);
  });
});

describe('6月 and 2025年6月 as two columns of one file', () => {
  it('rated differently: RATING_CONFLICT; with a roster (two inputs) it names the file', async () => {
    const path = tmp('两种写法.xlsx');
    const [no, name, center] = WIDE[0]!;
    await writeXlsx(path, [{ name: '考核', header: ['工号', '姓名', '所属中心', '6月', '2025年6月'], rows: [[no!, name!, center!, '好', '差']] }]);
    const alone = annual([path, '--year', '2025']).issues.filter((i) => i.code === 'RATING_CONFLICT');
    expect(alone.map((i) => [i.staffId, i.file])).toEqual([[no, undefined]]);
    const withRoster = annual([path, '--year', '2025', '--roster', ROSTER]).issues.filter((i) => i.code === 'RATING_CONFLICT');
    expect(withRoster.map((i) => [i.staffId, i.file])).toEqual([[no, '两种写法.xlsx']]);
    expect(withRoster[0]!.message).toMatch(/^两种写法\.xlsx 第 2 行（.+，.+）：2025-06 有两个不同的等次（两种写法\.xlsx 第 2 行“差”、两种写法\.xlsx 第 2 行“好”）/);
  });
});

describe('a file that calls people only by 姓名 beside one that gives 工号', () => {
  it('is the same people: one row each in the results, a different rating RATING_CONFLICT', async () => {
    const dir = tmp('只有姓名');
    mkdirSync(dir);
    const long = (rows: string[][]) => rows.flatMap((r) => r.slice(3).flatMap((x, m) => (x ? [[r[0]!, r[1]!, r[2]!, `2025-${String(m + 1).padStart(2, '0')}`, x]] : [])));
    await writeCsv(`${dir}/全年.csv`, [['工号', '姓名', '所属中心', '月份', '等次'], ...long(WIDE)], 'utf8-bom');
    const [first] = WIDE.filter((r) => r[3] === '好');
    await writeCsv(`${dir}/补报.csv`, [['姓名', '所属中心', '月份', '等次'], [first![1]!, first![2]!, '2025-01', '差']], 'utf8-bom');
    const j = annual([dir]);
    expect(j.clerks.length).toBe(WIDE.length);
    expect(j.issues.filter((i) => i.code === 'RATING_CONFLICT').map((i) => [i.staffId, i.file])).toEqual([[first![0], '补报.csv']]);
  });
});

describe('a file with only 工号/姓名/月份/等次 (issue 21.3)', () => {
  it('its centre’s months are filed, by the roster’s centre, as for grades and quota', async () => {
    const dir = tmp('无中心');
    mkdirSync(dir);
    const centres = [...new Set(ratedPeople().map((p) => p[2]))];
    const bare = centres[0]!;
    for (const [i, c] of centres.entries()) {
      const mine = WIDE.filter((r) => r[2] === c);
      if (c === bare) {
        const rows = mine.flatMap((r) => r.slice(3).flatMap((x, m) => (x ? [[r[0]!, r[1]!, `2025-${String(m + 1).padStart(2, '0')}`, x]] : [])));
        await writeCsv(`${dir}/${i}-${c}.csv`, [['工号', '姓名', '月份', '等次'], ...rows], 'gbk');
      } else await writeCsv(`${dir}/${i}-${c}.csv`, [['工号', '姓名', '所属中心', '月份', '等次'], ...mine.flatMap((r) => r.slice(3).flatMap((x, m) => (x ? [[r[0]!, r[1]!, r[2]!, `2025-${String(m + 1).padStart(2, '0')}`, x]] : [])))], 'utf8-bom');
    }
    const j = annual([dir, '--roster', ROSTER]);
    const row = j.filings.find((f) => f.center === bare)!;
    const rated = Array.from({ length: 12 }, (_, m) => WIDE.some((r) => r[2] === bare && r[3 + m]));
    expect(rated.some(Boolean)).toBe(true);
    expect(row.months.map((m) => m.status)).toEqual(rated.map((r) => (r ? 'filed' : expect.not.stringMatching(/^filed$/))));
    expect(row.months.filter((m) => m.status === 'filed').every((m) => m.files?.[0]?.endsWith(`${bare}.csv`))).toBe(true);
    expect(j.issues.filter((i) => i.code === 'RATINGS_NOT_FILED' && i.center === bare && rated[Number(/(\d{4})-(\d\d)/.exec(i.message)![2]) - 1])).toEqual([]);
    // The grades and quota used the roster's centre too: the bare file's clerks are in it.
    expect(j.clerks.filter((c) => c.center === bare).length).toBe(WIDE.filter((r) => r[2] === bare).length);
  });
});

describe('CERT_OVERDUE over a range of months (issue 21.8)', () => {
  type Found = { issues: Array<{ code: string; staffId?: string; months?: string; message: string }> };
  const run = (args: string[]) => JSON.parse(cli([...args, '--json', '-q']).stdout) as Found;
  /** The months a finding's 月份 names: 全部 N 个月, 2025-01～2025-06, 2025-03、2025-05. */
  const monthsOf = (label: string, all: string[]) =>
    label.startsWith('全部') ? all : label.split('、').flatMap((part) => {
      const [a, b] = part.split('～');
      return all.filter((m) => m >= a! && m <= (b ?? a)!);
    });
  const year = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

  it('payroll --year: one finding per clerk, naming the months; each month agrees with that month alone', () => {
    const range = run(['payroll', ROSTER, '--year', '2025']).issues.filter((i) => i.code === 'CERT_OVERDUE');
    const ids = range.map((i) => i.staffId);
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    for (const month of ['2025-01', '2025-07', '2025-12']) {
      const alone = run(['payroll', ROSTER, '--month', month]).issues.filter((i) => i.code === 'CERT_OVERDUE').map((i) => i.staffId).sort();
      expect(range.filter((i) => monthsOf(i.months!, year).includes(month)).map((i) => i.staffId).sort()).toEqual(alone);
    }
    expect(range.every((i) => !/至 20\d\d-\d\d-\d\d 已超过/.test(i.message))).toBe(true);
  });

  it('no finding of a row repeats over the months of a range (payroll --year, budget)', () => {
    for (const args of [['payroll', ROSTER, '--year', '2025'], ['budget', ROSTER, '--year', '2026']]) {
      const found = run(args).issues as Array<{ code: string; row?: number; column?: string; months?: string }>;
      const keys = found.map((i) => `${i.code} ${i.row ?? ''} ${i.column ?? ''}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    }
  });

  it('budget: one finding per clerk for the year', () => {
    const ids = run(['budget', ROSTER, '--year', '2026']).issues.filter((i) => i.code === 'CERT_OVERDUE').map((i) => i.staffId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('two inputs: every row reference names its file, people their 姓名 (issue 21.8)', () => {
  type Issue = { code: string; message: string; file?: string; row?: number; staffId?: string; name?: string };
  const rowsOf = async (path: string, sheet: string) => {
    const wb = await readBack(path);
    const rows: unknown[][] = [];
    wb.getWorksheet(sheet)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  };

  it('annual with --roster: ratings rows name the ratings file, roster rows the roster; 数据问题 has 文件 and 姓名', async () => {
    const ratings = `${ROOT}fixtures/ratings-2025.csv`;
    const j = JSON.parse(cli(['annual', ratings, '--roster', ROSTER, '--json', '-q']).stdout) as { issues: Issue[]; clerks: Array<{ row: number; file?: string }> };
    expect(new Set(j.clerks.map((c) => c.file))).toEqual(new Set(['ratings-2025.csv'])); // each clerk's row, with its file
    const onRows = j.issues.filter((i) => i.row !== undefined);
    expect(new Set(onRows.map((i) => i.file))).toEqual(new Set(['ratings-2025.csv', 'roster.xlsx']));
    for (const i of onRows) expect(i.message.startsWith(`${i.file} 第 ${i.row} 行`)).toBe(true);
    // The 姓名 is the one that row gave: read it from the roster's own payroll output.
    const paid = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-12', '--json', '-q']).stdout) as { clerks: Array<{ staffId: string; name: string }>; excluded: Array<{ staffId: string; name?: string }> };
    const nameOf = new Map([...paid.clerks, ...paid.excluded].map((c) => [c.staffId, c.name]));
    const named = onRows.filter((i) => i.file === 'roster.xlsx' && i.staffId && nameOf.get(i.staffId));
    expect(named.length).toBeGreaterThan(0);
    for (const i of named) expect([i.name, i.message]).toEqual([nameOf.get(i.staffId!), expect.stringContaining(`（${nameOf.get(i.staffId!)}，${i.staffId}）`)]);

    const out = tmp('年度-两个输入.xlsx');
    cli(['annual', ratings, '--roster', ROSTER, '-o', out, '-q']);
    const rows = await rowsOf(out, '数据问题');
    const head = rows.findIndex((r) => r[0] === '严重程度');
    const h = rows[head]!;
    expect(h).toEqual(['严重程度', '代码', '文件', '行号', '列', '值', '人员', '姓名', '条款', '说明']);
    const body = rows.slice(head + 1).filter((r) => r[3] !== undefined && r[3] !== null);
    expect(body.length).toBe(onRows.length);
    expect(body.every((r) => r[2] === 'ratings-2025.csv' || r[2] === 'roster.xlsx')).toBe(true);
    const withName = body.filter((r) => r[2] === 'roster.xlsx' && nameOf.get(String(r[6])));
    expect(withName.length).toBe(named.length);
    for (const r of withName) expect(r[7]).toBe(nameOf.get(String(r[6])));
  });

  it('annual from one file without a roster: no 文件 column (one input)', async () => {
    const out = tmp('年度-一个输入.xlsx');
    cli(['annual', `${ROOT}fixtures/ratings-2025.csv`, '-o', out, '-q']);
    const rows = await rowsOf(out, '数据问题');
    expect(rows.find((r) => r[0] === '严重程度')).not.toContain('文件');
  });

  it('check-staffing with --roster: the roster’s rows name roster.xlsx, the centres’ rows centers.xlsx', () => {
    const j = JSON.parse(cli(['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', ROSTER, '--as-of', '2025-06-30', '--json', '-q']).stdout) as { issues: Issue[] };
    const onRows = j.issues.filter((i) => i.row !== undefined);
    expect(onRows.length).toBeGreaterThan(0);
    for (const i of onRows) {
      expect(['roster.xlsx', 'centers.xlsx']).toContain(i.file);
      expect(i.message.startsWith(`${i.file} 第 ${i.row} 行`)).toBe(true);
    }
    expect(onRows.some((i) => i.file === 'roster.xlsx' && i.name !== undefined)).toBe(true);
    expect(onRows.some((i) => i.file === 'centers.xlsx')).toBe(true);
  });

  it('check-staffing with --roster: both sheets have a 文件 column', async () => {
    const out = tmp('配备-两个输入.xlsx');
    cli(['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', ROSTER, '--as-of', '2025-06-30', '-o', out, '-q']);
    for (const sheet of ['检查结果', '数据问题']) {
      const rows = await rowsOf(out, sheet);
      const h = rows.find((r) => r[0] === '严重程度')!;
      const col = h.indexOf('文件');
      expect(col).toBeGreaterThan(0);
      const files = rows.slice(rows.indexOf(h) + 1).filter((r) => typeof r[h.indexOf('行号')] === 'number').map((r) => r[col]);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every((f) => f === 'roster.xlsx' || f === 'centers.xlsx')).toBe(true);
    }
  });
});

describe('--previous: issued last month, data invalid now (issue 21.8)', () => {
  it('is 改为不发放 with the code that stops it, for the whole amount issued; not 花名册无法解释', async () => {
    const may = tmp('may-issued.xlsx');
    cli(['payroll', ROSTER, '--month', '2025-05', '-o', may, '-q']);
    const issuedE001 = (JSON.parse(cli(['payroll', ROSTER, '--month', '2025-05', '--json', '-q']).stdout) as { clerks: Array<{ staffId: string; allowanceTotal: number }> }).clerks.find((c) => c.staffId === 'E001')!.allowanceTotal;
    // The office corrects E001's row after paying May, and types a 离岗日期 before the 上岗日期.
    const wb = await readBack(ROSTER);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(3).values as unknown[];
    ws.eachRow((row) => {
      if (row.getCell(header.indexOf('工 号')).value === 'E001') row.getCell(header.indexOf('离岗日期')).value = '2013-12-31';
    });
    const edited = tmp('花名册-改.xlsx');
    await wb.xlsx.writeFile(edited);
    const r = cli(['payroll', edited, '--month', '2025-06', '--previous', may, '--json', '-q']);
    const j = JSON.parse(r.stdout) as { changeRows: Array<{ staffId: string; kind: string; before: number; after: number; delta: number; codes?: string[] }> };
    const rows = j.changeRows.filter((c) => c.staffId === 'E001');
    expect(rows.map((c) => [c.kind, c.before, c.after, c.delta, c.codes])).toEqual([['stopped', issuedE001, 0, -issuedE001, ['DATE_ORDER']]]);
  });
});
