// Reading the shapes of real town-office spreadsheets (docs/contract.md §3), through the same reader the
// commands use, down to normalized cells.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueForOutput } from '../../src/report/meta.js';
import { UserError } from '../../src/errors.js';
import type { Cell } from '../../src/io/cell.js';
import { openTable, type Table } from '../../src/io/table.js';
import { parseRosterRow, ROSTER, type RosterEntry } from '../../src/schema/roster.js';
import { makeId, serialOf, utcDate, writeCsv, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

async function rows(table: Table, keys: string[]): Promise<Array<{ row: number; cells: Record<string, Cell> }>> {
  const out = [];
  for await (const r of table.rows) out.push({ row: r.row, cells: Object.fromEntries(keys.map((k) => [k, r.get(k)])) });
  return out;
}

async function entries(path: string, opts = {}): Promise<RosterEntry[]> {
  const table = await openTable(path, ROSTER, opts);
  const out: RosterEntry[] = [];
  for await (const r of table.rows) out.push(parseRosterRow(r, { date1904: table.date1904 }));
  return out;
}

const HEADER = ['工号', '姓名', '所属中心', '学历', '上岗日期'];

describe('header detection', () => {
  it('skips a merged title and a date line, matches spaced, Traditional and annotated headers', async () => {
    const path = tmp('title.xlsx');
    await writeXlsx(path, [
      {
        name: '花名册',
        title: '宿城区政务服务办事员花名册',
        preamble: ['填报日期：2025年6月5日'],
        header: ['工 号', '姓\n名', '所屬中心', '最高學歷', '上崗日期', '基本工资（元）', '备注'],
        rows: [['E1', '张三', '耿车镇便民服务中心', '本科', utcDate('2020-01-01'), 3000, '无']],
      },
    ]);
    const table = await openTable(path, ROSTER);
    expect(table.headerRow).toBe(3);
    expect(table.sheet).toBe('花名册');
    expect([...table.columns.keys()].sort()).toEqual(['baseSalary', 'center', 'education', 'employeeNo', 'name', 'startDate']);
    const [r] = await rows(table, ['name', 'baseSalary']);
    expect(r).toEqual({ row: 4, cells: { name: { t: 'text', v: '张三' }, baseSalary: { t: 'number', v: 3000 } } });
  });

  it('takes the first sheet with a recognizable header, or the one named by --sheet', async () => {
    const path = tmp('sheets.xlsx');
    await writeXlsx(path, [
      { name: '说明', header: ['本表由各镇填报'], rows: [['请勿修改表头']] },
      { name: '花名册', header: HEADER, rows: [['E1', '甲', '耿车镇便民服务中心', '本科', '2020-01-01']] },
      { name: '花名册(旧)', header: HEADER, rows: [['E9', '乙', '耿车镇便民服务中心', '本科', '2019-01-01']] },
    ]);
    expect((await openTable(path, ROSTER)).sheet).toBe('花名册');
    const old = await openTable(path, ROSTER, { sheet: '花名册(旧)' });
    expect((await rows(old, ['name']))[0]!.cells.name).toEqual({ t: 'text', v: '乙' });
    await expect(openTable(path, ROSTER, { sheet: '六月' })).rejects.toThrow(/没有名为「六月」的工作表（现有：说明、花名册、花名册\(旧\)）/);
  });

  it('honours --header-row', async () => {
    const path = tmp('hr.csv');
    await writeCsv(path, [['姓名', '所属中心'], HEADER, ['E1', '甲', '中心', '本科', '2020-01-01']], 'utf8');
    const t = await openTable(path, ROSTER, { headerRow: 2 });
    expect(t.headerRow).toBe(2);
    await expect(openTable(path, ROSTER, { headerRow: 1 })).rejects.toThrow(/缺少必填列 「学历」（也可写作 最高学历、文化程度、学历层次）、「上岗日期」/);
  });

  it('names a missing required column, its aliases, file and sheet', async () => {
    const path = tmp('missing.xlsx');
    await writeXlsx(path, [{ name: 'Sheet1', header: ['姓名', '所属中心', '上岗日期'], rows: [] }]);
    await expect(openTable(path, ROSTER)).rejects.toThrow(UserError);
    await expect(openTable(path, ROSTER)).rejects.toThrow('文件 missing.xlsx 的工作表「Sheet1」第 1 行的表头缺少必填列 「学历」（也可写作 最高学历、文化程度、学历层次）。请在表头中添加该列，或用 --columns 指明是哪一列');
  });

  it('says so when no sheet has a header', async () => {
    const path = tmp('none.xlsx');
    await writeXlsx(path, [{ name: 'Sheet1', header: ['a', 'b'], rows: [['1', '2']] }]);
    await expect(openTable(path, ROSTER)).rejects.toThrow(/找不到花名册的表头/);
  });

  it('skips blank rows and keeps unknown columns out of the way', async () => {
    const path = tmp('blank.xlsx');
    await writeXlsx(path, [
      {
        name: 'a',
        header: [...HEADER, '备注'],
        rows: [['E1', '甲', 'c', '本科', '2020-01-01', ''], [null, null, null, null, null, '只在备注列有字'], [], ['E2', '乙', 'c', '本科', '2020-01-01', '']],
      },
    ]);
    expect((await rows(await openTable(path, ROSTER), ['employeeNo'])).map((r) => r.row)).toEqual([2, 5]);
  });
});

describe('cell shapes, normalized once', () => {
  it('reads every date form, rich text, formulas (including a result of 0), hyperlinks and errors', async () => {
    const path = tmp('cells.xlsx');
    const header = ['工号', '姓名', '所属中心', '学历', '上岗日期', '取证日期', '证书等级', '基本工资', '出生日期', '离岗日期'];
    await writeXlsx(path, [
      {
        name: 'a',
        header,
        rows: [
          ['E1', { richText: [{ text: '张' }, { font: { bold: true }, text: '三' }] }, { text: '耿车镇便民服务中心', hyperlink: 'https://example.com' }, '本科', utcDate('2020-06-01'), { builtinDate: 31, serial: serialOf('2021-07-01') }, '四级', { formula: '2800+200', result: 3000 }, { error: '#N/A' }, null],
          ['E2', '李四', 'c', '本科', serialOf('2020-06-01'), { builtinDate: 57, serial: serialOf('2021-07-01') }, '五级', { formula: 'B1-B1', result: 0 }, '1990年2月3日', '2025/6/1'],
          ['E3', '王五', 'c', '本科', '2020.6.1', 20210701, '五级', { formula: 'X1*2' }, '19900203', '2025-06'],
        ],
      },
    ]);
    const got = await rows(await openTable(path, ROSTER), ['name', 'center', 'startDate', 'certDate', 'baseSalary', 'birthDate']);
    expect(got[0]!.cells).toEqual({
      name: { t: 'text', v: '张三' },
      center: { t: 'text', v: '耿车镇便民服务中心' },
      startDate: { t: 'date', v: '2020-06-01', raw: '2020-06-01' },
      certDate: { t: 'date', v: '2021-07-01', raw: '2021-07-01' }, // built-in format 31 (yyyy"年"m"月"d"日") is a date
      baseSalary: { t: 'number', v: 3000 },
      birthDate: { t: 'error', v: '#N/A' },
    });
    expect(got[1]!.cells.baseSalary).toEqual({ t: 'number', v: 0 }); // cell.value would have lost it
    expect(got[2]!.cells.baseSalary).toEqual({ t: 'no-result', formula: 'X1*2' });

    const es = await entries(path);
    expect(es.map((e) => [e.clerk?.startDate, e.clerk?.cert?.date])).toEqual([
      ['2020-06-01', '2021-07-01'],
      ['2020-06-01', '2021-07-01'],
      [undefined, undefined], // the formula without a result blocks pay
    ]);
    expect(es[0]!.issues.map((i) => issueForOutput(i, false)).map((i) => [i.code, i.column, i.value])).toEqual([['DATE_INVALID', '出生日期', '#N/A']]);
    expect(es[0]!.blocking).toEqual([]); // 出生日期 plays no part in pay
    expect(es[1]!.clerk).toMatchObject({ birthDate: '1990-02-03', leaveDate: '2025-06-01', baseSalary: 0 });
    expect(es[2]!.blocking).toEqual(['VALUE_REQUIRED']);
    expect(issueForOutput(es[2]!.issues.find((i) => i.code === 'VALUE_REQUIRED')!, false).message).toMatch(/第 4 行（E3）：「基本工资」为空（公式没有保存计算结果，请在 Excel\/WPS 中打开并保存后再试）/);
    expect(issueForOutput(es[2]!.issues.find((i) => i.code === 'DATE_IMPRECISE')!, false)).toMatchObject({ column: '离岗日期', value: '2025-06' });
  });

  it('keeps numbers in a text column as text (工号 1001, not 1001.0) and rejects error values there', async () => {
    const path = tmp('numbers.xlsx');
    await writeXlsx(path, [{ name: 'a', header: HEADER, rows: [[1001, '甲', '甲镇便民服务中心', '本科', '2020-01-01'], ['E2', { error: '#N/A' }, '甲镇便民服务中心', '本科', '2020-01-01']] }]);
    const [a, b] = await entries(path);
    expect(a!.clerk).toMatchObject({ employeeNo: '1001', staffId: '1001' });
    expect(b!.issues.map((i) => issueForOutput(i, false)).map((i) => [i.code, i.column, i.value])).toEqual([['VALUE_INVALID', '姓名', '#N/A']]);
    expect(b!.clerk).toBeUndefined();
  });

  it('reads dates of a 1904-system workbook', async () => {
    const path = tmp('1904.xlsx');
    await writeXlsx(path, [{ name: 'a', header: HEADER, rows: [['E1', '甲', 'c', '本科', utcDate('2020-06-01')], ['E2', '乙', 'c', '本科', serialOf('2020-06-01') - 1462]] }], { date1904: true });
    expect((await entries(path)).map((e) => e.clerk?.startDate)).toEqual(['2020-06-01', '2020-06-01']);
  });

  it('rejects an ID typed as a number but keeps the row', async () => {
    const path = tmp('id.xlsx');
    const good = makeId('19900101', 1);
    await writeXlsx(path, [
      { name: 'a', header: [...HEADER, '身份证号'], rows: [['E1', '甲', 'c', '本科', '2020-01-01', 321302199001010011], ['E2', '乙', 'c', '本科', '2020-01-01', good]] },
    ]);
    const [a, b] = await entries(path);
    expect(issueForOutput(a!.issues[0]!, false)).toMatchObject({ code: 'ID_INVALID', severity: 'error', row: 2, column: '身份证号' });
    expect(a!.clerk).toBeDefined();
    expect(b!.clerk?.idNumber).toBe(good);
    expect(b!.clerk?.birthDate).toBe('1990-01-01');
  });
});

describe('CSV encodings', () => {
  const data = [HEADER, ['E1', '张三', '耿车镇便民服务中心', '本科', '2020年6月1日'], ['E2', '李四', '埠子镇便民服务中心', '大专', '2021/7/1']];
  it.each(['utf8', 'utf8-bom', 'gbk'] as const)('%s', async (enc) => {
    const path = tmp(`roster-${enc}.csv`);
    await writeCsv(path, data, enc);
    const table = await openTable(path, ROSTER);
    expect(table.encoding).toBe(enc === 'gbk' ? 'gb18030' : 'utf-8');
    const es = [];
    for await (const r of table.rows) es.push(parseRosterRow(r).clerk);
    expect(es.map((c) => [c?.name, c?.center, c?.startDate])).toEqual([
      ['张三', '耿车镇便民服务中心', '2020-06-01'],
      ['李四', '埠子镇便民服务中心', '2021-07-01'],
    ]);
  });
  it('Excel "Unicode 文本": UTF-16LE with BOM, tab-separated, a comma inside a value', async () => {
    const path = tmp('unicode.txt');
    const text = ['工号\t姓名\t所属中心\t学历\t上岗日期\t其他证书', 'E1\t张三\t耿车镇便民服务中心\t本科\t2020/6/1\t社会工作师,驾驶证'].join('\r\n');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const table = await openTable(path, ROSTER);
    expect(table.encoding).toBe('utf-16le');
    const es = [];
    for await (const r of table.rows) es.push(parseRosterRow(r));
    expect(es[0]!.clerk).toMatchObject({ name: '张三', startDate: '2020-06-01', otherCerts: ['social_worker'] });
  });
  it('semicolon-separated CSV', async () => {
    const path = tmp('semicolon.csv');
    writeFileSync(path, '工号;姓名;所属中心;学历;上岗日期\nE1;张三;耿车镇便民服务中心;本科;2020-06-01\n');
    const table = await openTable(path, ROSTER);
    const es = [];
    for await (const r of table.rows) es.push(parseRosterRow(r));
    expect(es[0]!.clerk?.name).toBe('张三');
  });
  it('UTF-8 larger than one read: characters split between chunks arrive whole, a bad byte is found on its line', async () => {
    // 3-byte characters and a 7-byte prefix make chunk boundaries fall inside characters.
    const lines = [HEADER.join(',')];
    for (let i = 1; i <= 40_000; i++) lines.push(`E${i},政务服务办事员${i},耿车镇便民服务中心,本科,2020-06-01`);
    const good = Buffer.from(`\uFEFF${lines.join('\n')}\n`, 'utf8');
    const path = tmp('big-utf8.csv');
    writeFileSync(path, good);
    const t = await openTable(path, ROSTER);
    let n = 0;
    for await (const r of t.rows) {
      n += 1;
      if (parseRosterRow(r).clerk?.name !== `政务服务办事员${n}`) throw new Error(`row ${r.row} garbled`);
    }
    expect(n).toBe(40_000);

    const bad = Buffer.from(good);
    const line = 30_001; // row 30,001 of the file, well past the first megabyte
    const at = good.indexOf(Buffer.from(`E${line - 1},政务`, 'utf8')) + `E${line - 1},`.length;
    bad[at] = 0xff;
    writeFileSync(path, bad);
    const t2 = await openTable(path, ROSTER);
    const read = (async () => {
      for await (const _ of t2.rows) {
        // read to the end
      }
    })();
    await expect(read).rejects.toThrow(new RegExp(`第 ${line} 行附近有不是 UTF-8 编码的字节`));
  });
  it('GBK with a title line above the header', async () => {
    const path = tmp('title-gbk.csv');
    await writeCsv(path, [['宿城区花名册'], ...data], 'gbk');
    const t = await openTable(path, ROSTER);
    expect(t.headerRow).toBe(2);
  });
});

describe('files that are not what they say', () => {
  it.each<[string, Buffer | string, RegExp]>([
    ['empty.xlsx', Buffer.alloc(0), /是空文件/],
    ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Excel 97-2003.*另存为/],
    ['wps.et', 'whatever', /不支持 \.et 文件/],
    ['text.xlsx', '姓名,所属中心\n张三,中心\n', /内容不是 Excel 工作簿（看起来是 CSV 文本，请把扩展名改为 \.csv）/],
    ['broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]), /已损坏/],
    ['roster.pdf', '%PDF-1.4', /不支持的文件类型 \.pdf/],
  ])('%s', async (name, content, message) => {
    const path = tmp(name);
    writeFileSync(path, content);
    const run = async () => {
      const t = await openTable(path, ROSTER);
      for await (const _ of t.rows) void _;
    };
    await expect(run()).rejects.toThrow(UserError);
    await expect(run()).rejects.toThrow(message);
  });
  it('a missing file', async () => {
    await expect(openTable(tmp('nope.xlsx'), ROSTER)).rejects.toThrow(/找不到文件/);
  });
});

describe('首次取证日期 (issue 21 #4)', () => {
  const HEAD = ['工号', '姓名', '所属中心', '学历', '上岗日期', '证书等级', '取证日期', '首次取证日期'];
  const read = async (rows: string[][]) => {
    const path = tmp(`first-${Math.random()}.csv`);
    await writeCsv(path, [HEAD, ...rows], 'utf8');
    const table = await openTable(path, ROSTER);
    const out: RosterEntry[] = [];
    for await (const r of table.rows) out.push(parseRosterRow(r));
    return out;
  };
  it('is read into the certificate', async () => {
    const [e] = await read([['E1', '甲', '耿车镇便民服务中心', '本科', '2018-03-01', '三级', '2025-05-10', '2019-01-10']]);
    expect(e!.clerk!.cert).toEqual({ grade: 3, date: '2025-05-10', firstDate: '2019-01-10' });
  });
  it('after 取证日期, or without 证书等级, is an error and the row is not paid', async () => {
    const [late, alone, same] = await read([
      ['E1', '甲', '耿车镇便民服务中心', '本科', '2018-03-01', '三级', '2019-01-10', '2025-05-10'],
      ['E2', '乙', '耿车镇便民服务中心', '本科', '2018-03-01', '', '', '2019-01-10'],
      ['E3', '丙', '耿车镇便民服务中心', '本科', '2018-03-01', '三级', '2019-01-10', '2019-01-10'],
    ]);
    expect(late!.blocking).toEqual(['VALUE_INVALID']);
    expect(late!.issues[0]!.data).toMatchObject({ column: '首次取证日期', value: '2025-05-10' });
    expect(alone!.blocking).toEqual(['VALUE_REQUIRED']);
    expect(alone!.issues[0]!.data).toMatchObject({ column: '证书等级', detail: '已填写首次取证日期，须填写现在的证书等级' });
    expect(same!.clerk!.cert).toEqual({ grade: 3, date: '2019-01-10' }); // the same day: no upgrade
  });
});
