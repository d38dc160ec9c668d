// Workbooks written by tools other than Excel: parts in any order, prefixed tags, inline
// strings, ISO date cells, phonetic runs. Built by hand so the XML is exactly what we test.
import { d } from '../helpers/dates.js';
import { writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { isDateFormat } from '../../src/io/xlsx-reader.js';
import { openSource } from '../../src/io/sources.js';
import type { Cell } from '../../src/io/cell.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

async function buildXlsx(name: string, parts: Record<string, string>, order: string[]): Promise<string> {
  const zip = new JSZip();
  for (const p of order) zip.file(p, parts[p]!);
  const path = tmp(name);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

async function readAll(path: string): Promise<Array<{ sheet: string | undefined; rows: Array<[number, Cell[]]> }>> {
  const src = await openSource(path);
  const out = [];
  for await (const s of src.sheets) {
    const rows: Array<[number, Cell[]]> = [];
    for await (const b of s.batches) for (const r of b) rows.push([r.row, r.cells]);
    out.push({ sheet: s.name, rows });
  }
  return out;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${R}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const styles = `<x:styleSheet xmlns:x="${NS}"><x:numFmts count="1"><x:numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/></x:numFmts>
<x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="31"/><x:xf numFmtId="176"/><x:xf numFmtId="49"/></x:cellXfs></x:styleSheet>`;
const workbook = `<x:workbook xmlns:x="${NS}" xmlns:r="${R}"><x:workbookPr date1904="0"/><x:sheets><x:sheet name="花名册" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`;
const sst = `<x:sst xmlns:x="${NS}" count="2" uniqueCount="2"><x:si><x:t>姓名</x:t></x:si>
<x:si><x:r><x:t>张</x:t></x:r><x:r><x:t>三</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ZHANG</x:t></x:rPh></x:si></x:sst>`;
const sheet = `<x:worksheet xmlns:x="${NS}"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>上岗日期</x:t></x:is></x:c></x:row>
<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" s="1"><x:v>45809</x:v></x:c><x:c r="C3" s="2"><x:v>45810</x:v></x:c>
<x:c r="D3" t="d"><x:v>2025-06-03T00:00:00</x:v></x:c><x:c r="E3"><x:f>1-1</x:f><x:v>0</x:v></x:c><x:c r="F3"><x:f>A1+1</x:f></x:c>
<x:c r="G3" t="e"><x:v>#N/A</x:v></x:c><x:c r="H3" t="b"><x:v>1</x:v></x:c><x:c r="I3" t="str"><x:f>A1</x:f><x:v>公式文字</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`;
const parts = {
  '_rels/.rels': rels,
  'xl/_rels/workbook.xml.rels': wbRels,
  'xl/workbook.xml': workbook,
  'xl/styles.xml': styles,
  'xl/sharedStrings.xml': sst,
  'xl/worksheets/sheet1.xml': sheet,
};

const EXPECTED: Array<[number, Cell[]]> = [
  [1, [{ t: 'text', v: '姓名' }, { t: 'empty' }, { t: 'text', v: '上岗日期' }]],
  [
    3,
    [
      { t: 'text', v: '张三' }, // the phonetic run is not part of the text
      { t: 'date', v: d('2025-06-01'), raw: d('2025-06-01') }, // built-in 31
      { t: 'date', v: d('2025-06-02'), raw: d('2025-06-02') }, // custom 年月日
      { t: 'date', v: d('2025-06-03'), raw: d('2025-06-03') }, // t="d"
      { t: 'number', v: 0 }, // a formula whose result is 0
      { t: 'no-result', formula: 'A1+1' },
      { t: 'error', v: '#N/A' },
      { t: 'bool', v: true },
      { t: 'text', v: '公式文字' },
    ],
  ],
];

describe('the xlsx reader', () => {
  it.each([
    ['workbook first', Object.keys(parts)],
    ['workbook last, sheets before shared strings (as exceljs writes)', ['_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml']],
  ])('reads prefixed tags, any part order: %s', async (_, order) => {
    const path = await buildXlsx(`${order[2]!.replace(/\W/g, '')}.xlsx`, parts, order);
    expect(await readAll(path)).toEqual([{ sheet: '花名册', rows: EXPECTED }]);
  });

  it('refuses a cell longer than Excel allows', async () => {
    const big = sheet.replace('公式文字', 'x'.repeat(40_000));
    const path = await buildXlsx('big.xlsx', { ...parts, 'xl/worksheets/sheet1.xml': big }, Object.keys(parts));
    await expect(readAll(path)).rejects.toThrow(UserError);
    await expect(readAll(path)).rejects.toThrow(/超过 Excel 的上限/);
  });

  it('refuses a column beyond XFD', async () => {
    const wide = sheet.replace('r="I3"', 'r="XFE3"');
    const path = await buildXlsx('wide.xlsx', { ...parts, 'xl/worksheets/sheet1.xml': wide }, Object.keys(parts));
    await expect(readAll(path)).rejects.toThrow(/列数上限 16384/);
  });

  it('refuses a row beyond Excel\'s 1,048,576', async () => {
    const tall = sheet.replace('<x:row r="3">', '<x:row r="1048577">');
    const path = await buildXlsx('tall.xlsx', { ...parts, 'xl/worksheets/sheet1.xml': tall }, Object.keys(parts));
    await expect(readAll(path)).rejects.toThrow(/行数上限 1048576/);
  });

  it('explains broken XML in one sentence', async () => {
    const path = await buildXlsx('bad.xlsx', { ...parts, 'xl/worksheets/sheet1.xml': '<x:worksheet><x:sheetData><x:row>' }, Object.keys(parts));
    await expect(readAll(path)).rejects.toThrow(/无法读取文件 bad\.xlsx.*已损坏/);
  });

  it.each([
    ['yyyy"年"m"月"d"日"', true],
    ['yyyy/m/d', true],
    ['[$-804]yyyy年m月d日', true],
    ['#,##0.00', false],
    ['"元"0', false],
    ['General', false],
    ['@', false],
  ])('format %s is a date: %s', (code, is) => expect(isDateFormat(code)).toBe(is));
});

describe('SharedStrings', () => {
  it('keeps every string, multi-byte and empty ones included, as it grows', async () => {
    const { SharedStrings } = await import('../../src/io/xlsx-reader.js');
    const t = new SharedStrings();
    const all = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? '' : `${'宿城区'.repeat(i % 50)}E${i}`));
    for (const s of all) t.push(s);
    expect(t.length).toBe(all.length);
    expect(all.every((s, i) => t.get(i) === s)).toBe(true);
    expect([t.get(-1), t.get(all.length), t.get(1.5), t.get(Number.NaN)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
