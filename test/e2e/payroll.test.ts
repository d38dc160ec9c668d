// The built CLI on the shipped sample district, read back as a payroll officer would.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { CATALOGUE } from '../../src/issues/catalogue.js';
import { EXCLUDED_JUNE_2025, JUNE_2025 } from '../fixtures/district.js';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const ROSTER = `${ROOT}fixtures/roster.xlsx`;

type Json = {
  kind: string;
  period: string;
  tool: { name: string; version: string };
  policy: { id: string; sha256: string };
  inputs: Array<{ path: string; sha256: string; sheet: string; headerRow: number; rows: number }>;
  issues: Array<{ severity: string; code: string; row?: number; column?: string; message: string; staffId?: string }>;
  clerks: Array<Record<string, unknown> & { row: number; employeeNo: string; skillAllowance: number; seniorityAllowance: number; educationAllowance: number; allowanceTotal: number; trace: unknown[] }>;
  excluded: Array<{ row: number; staffId: string; reason: string; codes: string[] }>;
  totals: Record<string, number>;
};

describe('gov-clerk payroll fixtures/roster.xlsx --month 2025-06', () => {
  let json: Json;
  let wb: ExcelJS.Workbook;
  let run: ReturnType<typeof cli>;
  const out = tmp('june.xlsx');

  beforeAll(async () => {
    run = cli(['payroll', ROSTER, '--month', '2025-06', '-o', out]);
    const j = cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q']);
    json = JSON.parse(j.stdout) as Json;
    wb = await readBack(out);
  });

  it('exits 1: the sample district has rows that must be excluded', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/计发 \d+ 人，补贴合计 [\d,]+\.00 元；未发放 8 人（数据有误 6，本月不在岗 2）/);
    expect(run.stderr).toContain(`已写入 ${out}`);
    expect(run.stderr).not.toMatch(/\d{17}[\dX]/); // never a full ID on the terminal
  });

  it('pays each hand-checked clerk the hand-computed amounts', () => {
    for (const [no, skill, seniority, education] of JUNE_2025) {
      const c = json.clerks.find((x) => x.employeeNo === no);
      expect(c, no).toBeDefined();
      expect([no, c!.skillAllowance, c!.seniorityAllowance, c!.educationAllowance, c!.allowanceTotal]).toEqual([no, skill, seniority, education, skill + seniority + education]);
    }
  });

  it('lists every row it did not pay, with its reason and codes', () => {
    const byNo = json.excluded.map((e) => [e.staffId, e.reason, e.codes]);
    expect(byNo).toEqual(EXCLUDED_JUNE_2025);
    expect(json.clerks.length + json.excluded.length).toBe(json.inputs[0]!.rows);
    const paidRows = new Set(json.clerks.map((c) => c.row));
    expect(json.excluded.every((e) => !paidRows.has(e.row))).toBe(true);
  });

  it('has the JSON shape of docs/contract.md §6.2', () => {
    expect(json).toMatchObject({ kind: 'payroll', period: '2025-06', tool: { name: 'gov-clerk' }, policy: { id: 'sucheng-2024-26' } });
    expect(json.inputs[0]).toMatchObject({ sheet: '花名册', headerRow: 3 });
    expect(json.inputs[0]!.sha256).toBe(createHash('sha256').update(readFileSync(ROSTER)).digest('hex'));
    expect(Object.keys(json.clerks[0]!)).toEqual(
      expect.arrayContaining(['row', 'staffId', 'name', 'center', 'level', 'skillGrade', 'skillSource', 'skillAllowance', 'seniorityYears', 'seniorityAllowance', 'education', 'educationAllowance', 'onProbation', 'allowanceTotal', 'baseSalary', 'grossPay', 'funding', 'trace']),
    );
    expect(Object.keys(json.totals)).toEqual(expect.arrayContaining(['clerks', 'skillAllowance', 'seniorityAllowance', 'educationAllowance', 'allowanceTotal']));
    for (const i of json.issues) expect(Object.keys(CATALOGUE)).toContain(i.code);
    const sum = (k: string) => json.clerks.reduce((s, c) => s + (c[k] as number), 0);
    expect(json.totals.allowanceTotal).toBe(sum('allowanceTotal'));
    expect(json.totals.clerks).toBe(json.clerks.length);
  });

  it('writes 补贴发放表 grouped by funding body and centre, with 小计, 合计, 总计 in figures and in capital Chinese, signatures, and print setup', () => {
    const ws = wb.getWorksheet('补贴发放表')!;
    expect(ws.getCell('A1').value).toBe('政务服务办事员补贴发放表（2025年6月）');
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '工号', '姓名', '身份证号', '所属中心', '技能等级', '技能补贴', '连续工作年限', '年限补贴', '学历', '学历补贴', '试用期', '补贴合计', '基本工资', '应发合计', '花名册行号', '备注']);
    const rows: ExcelJS.Row[] = [];
    for (let r = 4; r <= ws.rowCount; r++) rows.push(ws.getRow(r));
    const text = (r: ExcelJS.Row) => String(r.getCell(1).value ?? '');
    const rowOf = (no: string) => rows.find((r) => r.getCell(2).value === no)!;
    const e008 = rowOf('E008');
    expect([e008.getCell(7).value, e008.getCell(9).value, e008.getCell(11).value, e008.getCell(13).value]).toEqual([150, 50, 100, 300]);
    expect(e008.getCell(6).value).toBe('四级/中级工（社工证折算）');
    expect(e008.getCell(7).numFmt).toBe('#,##0.00');
    expect(typeof rowOf('E001').getCell(4).value).toBe('string'); // ID as text
    expect(rowOf('E001').getCell(15).value).toBe(3600);
    // Every paid clerk once, 序号 1…n down the sheet.
    const people = rows.filter((r) => typeof r.getCell(1).value === 'number');
    expect(people.map((r) => r.getCell(16).value).sort((a, b) => Number(a) - Number(b))).toEqual(json.clerks.map((c) => c.row).sort((a, b) => a - b));
    expect(people.map((r) => r.getCell(1).value)).toEqual(people.map((_, i) => i + 1));

    // Funding bodies 区级 first, each centre under a heading, its rows, 小计, the amount in words, a signature area.
    const headings = rows.filter((r) => /^(区级财政|镇\(街\)财政)　/.test(text(r))).map(text);
    expect(headings[0]).toBe('区级财政　宿城区政务服务中心（区级）');
    expect(headings).toHaveLength(new Set(json.clerks.map((c) => c.center as string)).size);
    const byCentre = new Map<string, number>();
    for (const c of json.clerks) byCentre.set(c.center as string, (byCentre.get(c.center as string) ?? 0) + Math.round(c.allowanceTotal * 100));
    const subtotals = rows.filter((r) => r.getCell(3).value === '小计');
    expect(subtotals).toHaveLength(byCentre.size);
    for (const r of subtotals) {
      const centre = String(r.getCell(5).value);
      const cell = r.getCell(13);
      expect(cell.formula).toMatch(/^SUBTOTAL\(9,M\d+:M\d+\)$/);
      expect(Math.round(Number(cell.result) * 100), centre).toBe(byCentre.get(centre));
      // The rows the formula adds are exactly this centre's clerks.
      const [, from, to] = /M(\d+):M(\d+)/.exec(String(cell.formula))!.map(Number);
      const covered = people.filter((p) => p.number >= from! && p.number <= to!);
      expect(covered.every((p) => p.getCell(5).value === centre)).toBe(true);
      expect(covered).toHaveLength(json.clerks.filter((c) => c.center === centre).length);
      expect(text(ws.getRow(r.number + 1))).toMatch(new RegExp(`^${centre.replace(/[()]/g, '\\$&')}小计（大写）：人民币.+`));
      expect(text(ws.getRow(r.number + 2))).toMatch(/制表人.*审核人.*单位负责人.*日期/);
    }
    const funding = rows.filter((r) => r.getCell(3).value === '合计').map((r) => [r.getCell(5).value, r.getCell(13).result]);
    expect(funding).toEqual([['区级财政', expect.any(Number)], ['镇(街)财政', expect.any(Number)]]);
    const grand = rows.find((r) => r.getCell(3).value === '总计')!;
    expect(grand.getCell(13).result).toBe(json.totals.allowanceTotal);
    expect(json.totals.allowanceTotal).toBe(11980);
    expect(text(ws.getRow(grand.number + 1))).toBe('总计（大写）：人民币壹万壹仟玖佰捌拾元整（补贴合计）');
    expect(text(ws.getRow(ws.rowCount))).toMatch(/制表人.*审核人.*日期/);

    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
  });

  it('marks a paid row whose 身份证号 is blank or invalid in 备注', () => {
    const ws = wb.getWorksheet('补贴发放表')!;
    const invalid = new Set(json.issues.filter((i) => i.code === 'ID_INVALID').map((i) => i.row));
    const expected = new Map(json.clerks.filter((c) => c.idNumber === undefined).map((c) => [c.employeeNo, invalid.has(c.row) ? '身份证号有误' : '未填身份证号']));
    expect([...expected.values()]).toContain('身份证号有误'); // E014's ID, typed as a number
    let marked = 0;
    for (let r = 4; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (typeof row.getCell(1).value !== 'number') continue;
      const no = String(row.getCell(2).value);
      expect(row.getCell(17).value ?? null, no).toBe(expected.get(no) ?? null);
      if (expected.has(no)) {
        marked++;
        expect((row.getCell(17).fill as { fgColor?: { argb?: string } }).fgColor?.argb, no).toBe('FFFFE0E0');
      }
    }
    expect(marked).toBe(expected.size);
  });

  it('marks a paid row without 身份证号 as 未填身份证号; the CSV stays one row per clerk with no 小计', async () => {
    const input = tmp('no-id.xlsx');
    await writeXlsx(input, [
      {
        name: '花名册',
        header: ['工号', '姓名', '身份证号', '所属中心', '学历', '上岗日期'],
        rows: [['E1', '甲', '', '耿车镇便民服务中心', '本科', '2020-01-01'], ['E2', '乙', '321302199003120119', '宿城区政务服务中心', '大专', '2020-01-01']],
      },
    ]);
    const out = tmp('no-id.payroll.xlsx');
    expect(cli(['payroll', input, '--month', '2025-06', '-o', out, '-q']).code).toBe(0);
    const ws = (await readBack(out)).getWorksheet('补贴发放表')!;
    const marks = new Map<unknown, unknown>();
    ws.eachRow((r) => {
      if (typeof r.getCell(1).value === 'number') marks.set(r.getCell(2).value, r.getCell(17).value ?? null);
    });
    expect(marks).toEqual(new Map([['E2', null], ['E1', '未填身份证号']])); // 区级 first
    const csv = tmp('no-id.csv');
    expect(cli(['payroll', input, '--month', '2025-06', '-o', csv, '-q']).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').slice(1).trim().split(/\r\n/);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(',')[1])).toEqual(['工号', 'E1', 'E2']);
  });

  it('writes 计算依据, 汇总, 未发放人员, 数据问题 and 政策参数', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['补贴发放表', '计算依据', '汇总', '变动', '未发放人员', '数据问题', '政策参数']);
    const trace = wb.getWorksheet('计算依据')!;
    const header = (trace.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(5, 8)).toEqual(['技能补贴', '技能补贴条款', '技能补贴说明']);
    let e008: unknown[] = [];
    trace.eachRow((r) => {
      if (r.getCell(2).value === 'E008') e008 = (r.values as unknown[]).slice(1);
    });
    expect(e008.slice(0, 3)).toEqual([11, 'E008', '黄丽']);
    expect(e008.slice(5, 15)).toEqual([
      150, '二(二)5(2)', '社会工作师按四级/中级工档计 150 元/月（本地解释；多项证书以最高等级为准，不叠加）',
      50, '二(二)5(3)', '自 2016-02-29（取证日期与上岗日期中较晚者）至 2025-06-30 连续工作满 9 年，满 5 年档 50 元/月',
      100, '二(二)5(4)', '本科 100 元/月',
      300,
    ]);
    expect(String(e008[16])).toContain('证书等级 五级/初级工，取证日期 2016-02-29；其他证书 社会工作师');

    const summary = wb.getWorksheet('汇总')!;
    const all: unknown[][] = [];
    summary.eachRow((r) => all.push((r.values as unknown[]).slice(1)));
    expect(all.find((r) => r[0] === '合计')!.slice(2, 7)).toEqual([json.totals.clerks, json.totals.skillAllowance, json.totals.seniorityAllowance, json.totals.educationAllowance, json.totals.allowanceTotal]);
    expect(all.filter((r) => r[0] === '按资金渠道').map((r) => r[1])).toEqual(['区级财政', '镇(街)财政']);
    // Centres in the order the roster first names them (the district centre first), as the terminal lists them.
    const inRosterOrder = [...new Set(json.clerks.map((c) => c.center as string))];
    expect(all.filter((r) => r[0] === '按中心').map((r) => r[1])).toEqual(inRosterOrder);
    expect(inRosterOrder[0]).toBe('宿城区政务服务中心');

    const excluded = wb.getWorksheet('未发放人员')!;
    expect(excluded.rowCount).toBe(1 + json.excluded.length);

    const issues = wb.getWorksheet('数据问题')!;
    expect(issues.rowCount).toBe(1 + json.issues.length);
    // The header's notices first (the unused 备注 column), then the rows' findings.
    expect((issues.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['提示', 'COLUMN_UNUSED']);
    expect((issues.getRow(3).values as unknown[]).slice(1, 3)).toEqual(['错误', 'ID_INVALID']);

    const policy = wb.getWorksheet('政策参数')!;
    const kv = new Map<string, unknown>();
    policy.eachRow((r) => kv.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(kv.get('政策编号')).toBe('sucheng-2024-26');
    expect(kv.get('输入文件 SHA-256')).toBe(json.inputs[0]!.sha256);
    expect(kv.get('技能补贴标准（元/月）')).toBe('一级/高级技师 600，二级/技师 400，三级/高级工 200，四级/中级工 150，五级/初级工 100');
    expect(kv.get('年限补贴标准（元/月）')).toBe('连续工作满（年） 1，金额（元/月） 20；连续工作满（年） 5，金额（元/月） 50；连续工作满（年） 10，金额（元/月） 100');
    expect(kv.get('补贴资金渠道')).toBe('区级 区级财政，镇街 镇(街)财政，村社区 镇(街)财政');
  });

  it('explains one clerk: inputs, then each item with amount, clause and reason', () => {
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--explain', 'E008', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('黄丽（工号 E008，花名册第 11 行）2025年6月补贴计算');
    expect(r.stdout).toMatch(/技能补贴\s+150\.00\s+二\(二\)5\(2\)\s+社会工作师按四级/);
    expect(r.stdout).toMatch(/年限补贴\s+50\.00\s+二\(二\)5\(3\)/);
    expect(r.stdout).toMatch(/身份证号\s+321302\*{8}\d{3}[\dX]/);
    expect(r.stdout).not.toMatch(/\d{17}[\dX]/);
    expect(existsSync(`${ROOT}fixtures/roster.payroll-2025-06.xlsx`) && statSync(`${ROOT}fixtures/roster.payroll-2025-06.xlsx`).mtimeMs > Date.now() - 5000).toBe(false);
    const by = cli(['payroll', ROSTER, '--month', '2025-06', '--explain', '谢敏', '-q']);
    expect(by.stdout).toContain('结果：本月不发放（数据有误）');
  });

  it('--explain with --json is refused in one sentence: never text then JSON (issue 21 #10)', () => {
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--explain', 'E008', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--explain 与 --json 不能同时使用');
  });
});

describe('outputs and safety', () => {
  it('writes beside the input by default', () => {
    const input = tmp('花名册.xlsx');
    copyFileSync(ROSTER, input);
    const r = cli(['payroll', input, '--month', '2025-07', '-q']);
    expect(r.code).toBe(1);
    expect(existsSync(tmp('花名册.payroll-2025-07.xlsx'))).toBe(true);
  });

  it('refuses to write over the input, and leaves it untouched', () => {
    const input = tmp('same.xlsx');
    copyFileSync(ROSTER, input);
    const before = readFileSync(input);
    const r = cli(['payroll', input, '--month', '2025-06', '-o', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/与输入文件 .* 相同/);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('writes CSV with a BOM and formulas neutralized', async () => {
    const input = tmp('inject.xlsx');
    await writeXlsx(input, [
      {
        name: 'a',
        header: ['工号', '姓名', '所属中心', '学历', '上岗日期'],
        rows: [['E1', '=HYPERLINK("http://x","点我")', '耿车镇便民服务中心', '本科', '2020-01-01'], ['E2', '@SUM(1)', '+镇便民服务中心', '大专', '2020-01-01']],
      },
    ]);
    const csv = tmp('inject.csv');
    const r = cli(['payroll', input, '--month', '2025-06', '-o', csv, '-q']);
    expect(r.code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe('序号,工号,姓名,身份证号,所属中心,中心层级,资金渠道,技能等级,技能补贴,连续工作年限,年限补贴,学历,学历补贴,试用期,补贴合计,基本工资,应发合计,花名册行号');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(lines[2]).toContain("'@SUM(1)");
    expect(lines[2]).toContain("'+镇便民服务中心");
    expect(lines[1]).toMatch(/,100,/); // numbers stay numbers
  });

  it('masks IDs everywhere with --mask-id', async () => {
    const out = tmp('masked.xlsx');
    cli(['payroll', ROSTER, '--month', '2025-06', '-o', out, '--mask-id', '-q']);
    const j = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-06', '--json', '--mask-id', '-q']).stdout) as Json;
    expect(JSON.stringify(j)).not.toMatch(/\d{17}[\dXx]/);
    const wb = await readBack(out);
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        for (const v of row.values as unknown[]) expect(String(v ?? '')).not.toMatch(/\d{17}[\dXx]/);
      });
    }
  });

  it('writes JSON with -o x.json, the same text as --json, as JSON.stringify would', () => {
    const out = tmp('june.json');
    expect(cli(['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q']).code).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect((JSON.parse(text) as Json).kind).toBe('payroll');
    expect(text).toBe(cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q']).stdout);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`); // written in pieces, formatted as one
  });

  // On disk, the workbook is also written on a second thread: this compares both writers too.
  it('gives the same results when the roster is spooled to disk (as a large roster is)', async () => {
    const onDisk = { GOV_CLERK_SPOOL_ROWS: '0' };
    const args = ['payroll', ROSTER, '--month', '2025-06'];
    expect(cli([...args, '--json', '-q'], onDisk).stdout).toBe(cli([...args, '--json', '-q']).stdout);
    const [a, b] = [tmp('mem.xlsx'), tmp('disk.xlsx')];
    cli([...args, '-o', a, '-q']);
    cli([...args, '-o', b, '-q'], onDisk);
    const values = async (path: string) =>
      (await readBack(path)).worksheets.map((ws) => {
        const rows: unknown[] = [];
        ws.eachRow((r) => rows.push(JSON.stringify(r.values).replace(/生成：[^"]*|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+8\)/g, '')));
        return [ws.name, rows];
      });
    expect(await values(b)).toEqual(await values(a));
    for (const cmd of [['check-roster', ROSTER, '--as-of', '2025-06-30', '--json', '-q']]) {
      expect(cli(cmd, onDisk).stdout).toBe(cli(cmd).stdout);
    }
  });

  it('gives the same results whether the file is read on a second thread or not', () => {
    const oneThread = { GOV_CLERK_THREADS: '0' };
    for (const cmd of [
      ['payroll', ROSTER, '--month', '2025-06', '--json', '-q'],
      ['annual', `${ROOT}fixtures/ratings-2025.csv`, '--roster', ROSTER, '--json', '-q'], // GBK CSV
      ['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', ROSTER, '--as-of', '2025-06-30', '--json', '-q'],
    ]) {
      const two = cli(cmd, { GOV_CLERK_THREADS: 'require' }); // the fixtures are small: read on one thread by default
      expect(two.stdout.length).toBeGreaterThan(1000);
      expect(cli(cmd, oneThread).stdout).toBe(two.stdout);
    }
  });

  it('exits 0 when there is no error', async () => {
    const input = tmp('clean.csv');
    const { writeCsv } = await import('../helpers/sheets.js');
    await writeCsv(input, [['姓名', '所属中心', '学历', '上岗日期', '证书等级', '取证日期'], ['张三', '耿车镇便民服务中心', '本科', '2020-01-01', '四级', '2021-01-01']], 'gbk');
    const r = cli(['payroll', input, '--month', '2025-06', '--json', '-q']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.clerks[0]).toMatchObject({ staffId: '张三@耿车镇便民服务中心', skillAllowance: 150, seniorityAllowance: 20, educationAllowance: 100 });
  });
});

describe('exit 2 with one Chinese sentence, never a stack trace', () => {
  it.each<[string[], RegExp]>([
    [['payroll', ROSTER, '--month', '2024-11'], /2024-11 早于政策 宿区政办发〔2024〕26号 的生效日期 2024年12月27日/],
    [['payroll', ROSTER, '--month', '2025-13'], /--month 的值“2025-13”不是月份/],
    [['payroll', ROSTER, '--month', '2025-06', '-o', 'x.pdf'], /不支持的输出格式“\.pdf”/],
    [['payroll', ROSTER, '--mnth', '2025-06'], /没有“--mnth”这个选项。您是不是想输入 --month？/],
    [['payroll'], /缺少参数/],
    [['payroll', 'missing.xlsx', '--month', '2025-06'], /找不到文件 missing\.xlsx/],
    [['payroll', ROSTER, '--month', '2025-06', '--sheet', '六月'], /没有名为「六月」的工作表/],
    [['payroll', ROSTER, '--month', '2025-06', '--policy', 'nope.yaml'], /无法读取政策文件 nope\.yaml/],
    [['payroll', ROSTER, '--month', '2025-06', '--explain', '查无此人'], /找不到工号或姓名为“查无此人”的人员/],
  ])('%j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('policy show / init and --policy', () => {
  it('exports the built-in policy, which --policy then accepts unchanged with the same results', () => {
    const file = tmp('town-policy.yaml');
    expect(cli(['policy', 'init', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('clause: 二(二)5(2)');
    const a = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q']).stdout) as Json;
    const b = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q', '--policy', file]).stdout) as Json;
    expect(b.totals).toEqual(a.totals);
    expect(b.policy.sha256).toBe(a.policy.sha256);
    expect(cli(['policy', 'init', file]).code).toBe(2); // never overwrites silently
  });

  it('rejects a broken policy file with the bad key', () => {
    const file = tmp('broken-policy.yaml');
    cli(['policy', 'init', file]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"4": 150', '"4": 一百五'));
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--policy', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/parameters\.payroll\.skill_allowance\.values\.0\.value\.4 类型不对（应为 数字）/);
  });

  it('shows the policy', () => {
    const r = cli(['policy', 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('id: sucheng-2024-26');
  });
});

describe('the README', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  it('has a line for every issue code', () => {
    for (const code of Object.keys(CATALOGUE)) expect(readme, code).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
  it('shows the terminal summary the tool really prints', () => {
    const r = cli(['payroll', 'fixtures/roster.xlsx', '--month', '2025-06']);
    for (const line of r.stderr.split('\n').slice(0, 5)) expect(readme).toContain(line);
  });
  it('shows the --explain output the tool really prints', () => {
    const r = cli(['payroll', 'fixtures/roster.xlsx', '--month', '2025-06', '--explain', 'E008', '-q']);
    expect(readme).toContain(r.stdout);
  });
});
