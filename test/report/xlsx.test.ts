// The workbook writer: every part of the zip carries the right checksum (the CRC is computed
// natively), fills given as data land on the right rows and cells, repeated values are shared.
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { MAX_SHARED_STRINGS, writeXlsx } from '../../src/report/xlsx.js';
import type { CellOut, SheetOut } from '../../src/report/table.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

const sheets = (): SheetOut[] => [
  {
    name: '数据',
    title: '标题',
    columns: [
      { header: '严重程度', width: 8 },
      { header: '1月', width: 5 },
      { header: '金额', width: 10, kind: 'money' },
    ],
    rows: (function* () {
      for (let i = 0; i < 3000; i++) yield [i % 3 === 0 ? '错误' : '提示', i % 2 ? '好' : '差', i * 1.25];
    })(),
    rowFill: { column: 0, fills: { 错误: 'FFFFE0E0' } },
    cellFills: [{ columns: [1], fills: { 好: 'FFC6EFCE' } }],
    totals: { label: '合计', labelColumn: 0, sumColumns: [2] },
  },
  { name: '说明', plain: true, columns: [{ header: '项目', width: 10 }], rows: [['政务服务'.repeat(2000)]] },
];

describe('writeXlsx', () => {
  it('writes every zip part with a CRC-32 that matches its bytes', async () => {
    const path = tmp('crc.xlsx');
    await writeXlsx(path, sheets());
    const parts = await unzip(path);
    expect([...parts.keys()]).toContain('xl/worksheets/sheet1.xml');
    expect(parts.size).toBeGreaterThan(8);
    for (const [name, { data, crc }] of parts) expect(crc32(data), name).toBe(crc);
  });

  it('fills rows by a column value and cells by their own value, cell fills first', async () => {
    const path = tmp('fills.xlsx');
    await writeXlsx(path, sheets());
    const ws = (await readBack(path)).getWorksheet('数据')!;
    const argb = (r: number, c: number) => (ws.getRow(r).getCell(c).fill as { fgColor?: { argb: string } } | undefined)?.fgColor?.argb;
    // Row 3 is the first data row (title, header): i = 0 is 错误 and 差.
    expect([argb(3, 1), argb(3, 2), argb(3, 3)]).toEqual(['FFFFE0E0', 'FFFFE0E0', 'FFFFE0E0']);
    // i = 1: 提示 (no row fill), 好 (cell fill).
    expect([argb(4, 1), argb(4, 2)]).toEqual([undefined, 'FFC6EFCE']);
    // i = 3: 错误 and 好: the cell's own fill wins.
    expect([argb(6, 1), argb(6, 2)]).toEqual(['FFFFE0E0', 'FFC6EFCE']);
    const total = ws.getRow(3 + 3000).getCell(3).value as { formula: string; result: number };
    expect(total).toEqual({ formula: 'SUM(C3:C3002)', result: (2999 * 3000 / 2) * 1.25 });
  });

  it("writes a repeating column's values once, as shared strings, and reads them back as written", async () => {
    const awkward = ['好', 'A & B <c>', ' 前后空格 ', '"引号"', '控\u0001制'];
    const path = tmp('shared.xlsx');
    const rows: CellOut[][] = [];
    for (let i = 0; i < 1000; i++) rows.push([awkward[i % awkward.length]!, `独有${i}`]);
    await writeXlsx(path, [{ name: '数据', columns: [{ header: '等次', width: 8, repeats: true }, { header: '说明', width: 8 }], rows }]);
    const parts = await unzipText(path);
    const sst = parts.get('xl/sharedStrings.xml')!;
    expect(sst.match(/<si>/g)).toHaveLength(awkward.length);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A2" s="');
    expect(sheet.match(/t="s"/g)).toHaveLength(1000);
    expect(sheet).not.toContain('独有0</v></c><c'); // the other column stays inline
    const ws = (await readBack(path)).getWorksheet('数据')!;
    for (let i = 0; i < 1000; i += 97) {
      expect(ws.getRow(i + 2).getCell(1).value).toBe(awkward[i % awkward.length]!.replace('\u0001', ''));
      expect(ws.getRow(i + 2).getCell(2).value).toBe(`独有${i}`);
    }
  });

  it('a repeated value holding a character XML forbids (U+FFFF) still makes a readable workbook', async () => {
    const path = tmp('shared-ffff.xlsx');
    await writeXlsx(path, [{ name: '数据', columns: [{ header: '说明', width: 8, repeats: true }], rows: [['甲\uFFFF乙'], ['甲\uFFFF乙']] }]);
    const ws = (await readBack(path)).getWorksheet('数据')!;
    expect([ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value]).toEqual(['甲乙', '甲乙']);
  });

  it('a repeating column that does not repeat: past the cap, values are written inline', async () => {
    const path = tmp('cap.xlsx');
    const n = MAX_SHARED_STRINGS + 10;
    await writeXlsx(path, [{ name: '数据', columns: [{ header: '名称', width: 8, repeats: true }], rows: Array.from({ length: n }, (_, i) => [`值${i}`]) }]);
    const parts = await unzipText(path);
    expect(parts.get('xl/sharedStrings.xml')!.match(/<si>/g)).toHaveLength(MAX_SHARED_STRINGS);
    expect(parts.get('xl/worksheets/sheet1.xml')!.match(/t="str"/g)).toHaveLength(10 + 1); // and the header, written by exceljs
    const ws = (await readBack(path)).getWorksheet('数据')!;
    expect([ws.getRow(2).getCell(1).value, ws.getRow(n + 1).getCell(1).value]).toEqual(['值0', `值${n - 1}`]);
  });
});

/** Every part of a zip: its bytes and the CRC-32 the zip stores for it. */
async function unzip(path: string): Promise<Map<string, { data: Buffer; crc: number }>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const out = new Map<string, { data: Buffer; crc: number }>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, { data: Buffer.concat(chunks), crc: entry.crc32 });
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** Every part of a zip as text. */
async function unzipText(path: string): Promise<Map<string, string>> {
  return new Map([...(await unzip(path))].map(([name, { data }]) => [name, data.toString('utf8')]));
}
