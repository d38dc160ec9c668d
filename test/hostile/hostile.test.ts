// Broken, disguised and hostile inputs: exit 2 with one Chinese sentence naming the file,
// within the test's time limit and a 1.5 GiB heap (the child runs with that ceiling).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { HEADER_ROW, OLE_HEADER, smallXlsx, zipBomb } from './corpus.js';

const tmp = tempDir();
const HEAP = ['--max-old-space-size=1536'];
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const CSV_HEADER = '姓名,所属中心,学历,上岗日期\n';

const refuse = (file: string, message: RegExp) => {
  const r = cli(['payroll', file, '--month', '2025-06'], {}, HEAP);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
};

describe('files that cannot be read', () => {
  beforeAll(async () => {
    writeFileSync(tmp('empty.xlsx'), '');
    writeFileSync(tmp('empty.csv'), '');
    writeFileSync(tmp('random.xlsx'), Buffer.from('PK\x03\x04garbage that is not a zip at all'));
    const full = readFileSync(ROSTER);
    writeFileSync(tmp('truncated.xlsx'), full.subarray(0, Math.floor(full.length / 2)));
    writeFileSync(tmp('old.xls'), OLE_HEADER);
    writeFileSync(tmp('wps.et'), OLE_HEADER);
    writeFileSync(tmp('encrypted.xlsx'), OLE_HEADER); // an encrypted workbook is an OLE container
    writeFileSync(tmp('csv-named.xlsx'), `${CSV_HEADER}张三,甲镇便民服务中心,本科,2020-01-01\n`);
    await zipBomb(tmp('bomb.xlsx'), 300);
    await smallXlsx(tmp('deep.xlsx'), `<worksheet><sheetData>${HEADER_ROW}<row r="2">${'<x>'.repeat(100_000)}</row></sheetData></worksheet>`);
    await smallXlsx(tmp('wide.xlsx'), `<worksheet><sheetData>${HEADER_ROW}<row r="2"><c r="XFE2"><v>1</v></c></row></sheetData></worksheet>`);
    await smallXlsx(tmp('attr.xlsx'), `<worksheet><sheetData>${HEADER_ROW}<row r="2" x="${'A'.repeat(2_000_000)}"/></sheetData></worksheet>`);
    const utf8 = Buffer.from(`${CSV_HEADER}${'张三,甲镇便民服务中心,本科,2020-01-01\n'.repeat(40_000)}`);
    writeFileSync(tmp('bad-utf8.csv'), Buffer.concat([utf8, Buffer.from([0xe5, 0x28, 0x0a])]));
    writeFileSync(tmp('bad-gbk.csv'), Buffer.concat([iconv.encode(`${CSV_HEADER}张三,甲镇便民服务中心,本科,2020-01-01\n`, 'gbk'), Buffer.from([0x81, 0x20, 0x0a])]));
    writeFileSync(tmp('unclosed.csv'), `${CSV_HEADER}"张三,甲镇便民服务中心,本科,2020-01-01\n${'x,y,z,w\n'.repeat(200_000)}`);
    writeFileSync(tmp('columns.csv'), `${CSV_HEADER}${'a,'.repeat(20_000)}b\n`);
    await smallXlsx(tmp('rows.xlsx'), `<worksheet><sheetData>${HEADER_ROW}<row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>`);
  }, 120_000);

  it.each<[string, RegExp]>([
    ['empty.xlsx', /文件 empty\.xlsx 是空文件/],
    ['empty.csv', /文件 empty\.csv 是空文件/],
    ['random.xlsx', /无法读取文件 random\.xlsx：文件已损坏或格式不正确。/],
    ['truncated.xlsx', /无法读取文件 truncated\.xlsx.*已损坏/],
    ['old.xls', /文件 old\.xls 是 Excel 97-2003 \(\.xls\)、WPS \(\.et\) 格式或设置了打开密码的工作簿/],
    ['wps.et', /wps\.et.*另存为/],
    ['encrypted.xlsx', /encrypted\.xlsx.*设置了打开密码.*去掉密码/],
    ['csv-named.xlsx', /csv-named\.xlsx.*看起来是 CSV 文本，请把扩展名改为 \.csv/],
    ['bomb.xlsx', /bomb\.xlsx.*超过 Excel/],
    ['deep.xlsx', /deep\.xlsx.*嵌套超过 64 层/],
    ['wide.xlsx', /wide\.xlsx.*列数上限 16384/],
    ['attr.xlsx', /超长内容/],
    ['bad-utf8.csv', /bad-utf8\.csv 第 4000[12] 行附近有不是 UTF-8 编码的字节/],
    ['bad-gbk.csv', /bad-gbk\.csv 第 \d 行附近有不是 GBK\/GB18030 编码的字节/],
    ['unclosed.csv', /unclosed\.csv 第 2 行起有一条超长记录.*引号没有配对/],
    ['columns.csv', /columns\.csv 第 2 行有 20001 列，超过 Excel 的上限 16384 列/],
    ['rows.xlsx', /rows\.xlsx.*超出 Excel 的行数上限 1048576/],
  ])('%s', (name, message) => refuse(tmp(name), message));
});

describe('safety of outputs', () => {
  it('never writes the input: the roster is byte-for-byte unchanged after every command', () => {
    const input = tmp('untouched.xlsx');
    copyFileSync(ROSTER, input);
    const before = readFileSync(input);
    cli(['payroll', input, '--month', '2025-06', '-q']);
    cli(['check-roster', input, '--as-of', '2025-06-30', '-q']);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});
