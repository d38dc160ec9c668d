// check-staffing and check-roster on the sample district, outputs read back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack, writeCsv } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const CENTERS = `${ROOT}fixtures/centers.xlsx`;
const ROSTER = `${ROOT}fixtures/roster.xlsx`;

type Json = {
  kind: string;
  period: string;
  issues: Array<{ code: string; severity: string; center?: string; required?: number; actual?: number; row?: number }>;
  centers?: Array<{ name: string; level: string; type: string; windows: number; clerks: number; clerksSource: string; checks: Array<{ code: string; ok: boolean; required: number; actual: number; clause: string }> }>;
  summary?: Record<string, number>;
};

const rowsOf = async (path: string, sheet: string) => {
  const wb = await readBack(path);
  const out: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return { wb, rows: out };
};

describe('gov-clerk check-staffing fixtures/centers.xlsx', () => {
  it('finds every breach of the declared figures', async () => {
    const out = tmp('staffing.xlsx');
    const r = cli(['check-staffing', CENTERS, '--as-of', '2025-06-30', '-o', out]);
    expect(r.code).toBe(1);
    const { wb, rows } = await rowsOf(out, '检查结果');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['检查结果', '数据问题', '政策参数']);
    expect(rows[0]).toEqual(['严重程度', '代码', '对象', '行号', '规则', '要求', '实际', '条款', '处理建议', '说明']);
    expect(rows.slice(1).map((x) => [x[1], x[2], x[5], x[6], x[7]])).toEqual([
      ['WINDOWS_BELOW_MIN', '埠子镇便民服务中心', 4, 3, '二(二)1'],
      ['WINDOWS_BELOW_MIN', '龙河镇便民服务中心', 6, 5, '二(二)1'],
      ['CLERK_RATIO_BELOW_MIN', '洋北镇便民服务中心', 4, 2, '二(二)1'],
      ['TOWN_STAFF_BELOW_MIN', '洋北镇便民服务中心', 2, 1, '二(一)2'],
      ['TOWN_STAFF_BELOW_MIN', '洋北镇便民服务中心', 1, 0, '二(一)2'],
    ]);
  });

  it('with --roster counts clerks on post, flags mismatches and unknown centres (JSON)', () => {
    const r = cli(['check-staffing', CENTERS, '--roster', ROSTER, '--as-of', '2025-06-30', '--json', '-q']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.kind).toBe('staffing');
    const district = j.centers!.find((c) => c.name === '宿城区政务服务中心')!;
    expect(district.clerksSource).toBe('roster');
    expect(district.checks.find((k) => k.code === 'CLERK_RATIO_BELOW_MIN')).toMatchObject({ ok: false, required: 20, actual: district.clerks });
    const codes = j.issues.map((i) => i.code);
    expect(codes).toContain('HEADCOUNT_MISMATCH');
    expect(j.issues.find((i) => i.code === 'CENTER_UNKNOWN')).toMatchObject({ center: '宿城经济开发区政务服务点', severity: 'warning' });
  });

  it('needs 办事员人数 when no roster is given, and town staff figures for towns', async () => {
    const path = tmp('centers.csv');
    await writeCsv(path, [['中心名称', '层级', '窗口数', '办事员人数', '直属人员数', '人社人员数', '民政人员数'], ['甲镇便民服务中心', '镇街', '4', '', '2', '', '1'], ['区政务服务中心', '区级', '二十', '20', '', '', '']], 'gbk');
    const j = JSON.parse(cli(['check-staffing', path, '--as-of', '2025-06-30', '--json', '-q']).stdout) as Json;
    expect(j.issues.map((i) => [i.code, i.row])).toEqual([
      ['VALUE_REQUIRED', 2],
      ['VALUE_REQUIRED', 2],
      ['VALUE_INVALID', 3],
    ]);
  });
});

describe('gov-clerk check-roster fixtures/roster.xlsx', () => {
  it('lists §4.4 findings in 检查结果 and input problems in 数据问题', async () => {
    const out = tmp('roster-check.xlsx');
    const r = cli(['check-roster', ROSTER, '--as-of', '2025-06-30', '-o', out]);
    expect(r.code).toBe(1);
    const { rows } = await rowsOf(out, '检查结果');
    const found = rows.slice(1).map((x) => `${x[1]}:${x[2]}`);
    expect(found).toEqual(expect.arrayContaining(['ID_INVALID:E014', 'DUPLICATE_STAFF:E024', 'AGE_OVER_LIMIT:E030', 'EDUCATION_BELOW_MIN:E011', 'CERT_OVERDUE:E010', 'ID_BIRTH_MISMATCH:E031']));
    const severities = rows.slice(1).map((x) => x[0]);
    expect(severities).toEqual([...severities].sort((a, b) => ['错误', '警告', '提示'].indexOf(a as string) - ['错误', '警告', '提示'].indexOf(b as string)));
    const issues = (await rowsOf(out, '数据问题')).rows.slice(1).map((x) => x[1]);
    expect(issues).toEqual(expect.arrayContaining(['VALUE_REQUIRED', 'DATE_INVALID', 'VALUE_INVALID']));
    expect(issues).not.toContain('AGE_OVER_LIMIT');
  });

  it('writes CSV of the findings and prints JSON', () => {
    const out = tmp('roster-check.csv');
    expect(cli(['check-roster', ROSTER, '--as-of', '2025-06-30', '-o', out, '-q']).code).toBe(1);
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe('\uFEFF严重程度,代码,对象,行号,规则,要求,实际,条款,处理建议,说明');
    const j = JSON.parse(cli(['check-roster', ROSTER, '--as-of', '2025-06-30', '--json', '-q']).stdout) as Json;
    expect(j).toMatchObject({ kind: 'roster', period: '2025-06-30', summary: { rows: 58 } });
  });

  it('rejects a bad --as-of', () => {
    const r = cli(['check-roster', ROSTER, '--as-of', '2025-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as-of 的值“2025-02-30”不是日期/);
  });
});

describe('the terminal never shows a full ID number', () => {
  it.each([
    [['payroll', ROSTER, '--month', '2025-06', '--explain', 'E001']],
    [['check-roster', ROSTER, '--as-of', '2025-06-30']],
    [['check-staffing', CENTERS, '--roster', ROSTER, '--as-of', '2025-06-30']],
    [['annual', `${ROOT}fixtures/ratings-2025.csv`, '--roster', ROSTER]],
  ])('%j', (args) => {
    const r = cli([...args, '-o', tmp(`${args[0]}-noid.xlsx`)]);
    expect(r.stderr + (args.includes('--explain') ? r.stdout : '')).not.toMatch(/\d{17}[\dXx]/);
  });
});

describe('every report says how each input was read (政策参数), encoding included', () => {
  it.each<[string, (csv: string) => string[]]>([
    ['check-staffing', (csv) => ['check-staffing', csv, '--as-of', '2025-06-30']],
    ['check-roster', (csv) => ['check-roster', csv, '--as-of', '2025-06-30']],
    ['payroll', (csv) => ['payroll', csv, '--month', '2025-06']],
  ])('%s on a GBK CSV', async (cmd, args) => {
    const csv = tmp(`${cmd}-gbk.csv`);
    const rows =
      cmd === 'check-staffing'
        ? [['中心名称', '层级', '窗口数', '办事员人数'], ['区政务服务中心', '区级', '20', '20']]
        : [['姓名', '所属中心', '学历', '上岗日期'], ['张三', '耿车镇便民服务中心', '本科', '2020-01-01']];
    await writeCsv(csv, rows, 'gbk');
    const out = tmp(`${cmd}-gbk.xlsx`);
    cli([...args(csv), '-o', out, '-q']);
    const policy = (await rowsOf(out, '政策参数')).rows.map((r) => r.join('|'));
    expect(policy.find((r) => r.includes('数据行数'))).toMatch(/编码 gb18030/);
  });
  it('annual on the GBK fixture', async () => {
    const out = tmp('annual-gbk.xlsx');
    cli(['annual', `${ROOT}fixtures/ratings-2025.csv`, '-o', out, '-q']);
    const policy = (await rowsOf(out, '政策参数')).rows.map((r) => r.join('|'));
    expect(policy.find((r) => r.includes('数据行数'))).toMatch(/编码 gb18030/);
  });
});
