// Smoke test of every exceljs internal gov-clerk touches (src/report/exceljs-internals.ts).
// An exceljs upgrade that moves one of them fails here, naming it, before any workbook is wrong.
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as internals from '../../src/report/exceljs-internals.js';

const { EXCELJS_VERSION, columnBreaks, sharedStrings, sheetStream, skipRows, useClassicDataBars, useNativeCrc32, wbStyles, workbookWriterClass, zipOf } = internals;

const require = createRequire(import.meta.url);

function writer() {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough().resume(), useStyles: true, useSharedStrings: false });
  return wb;
}

describe('exceljs internals', () => {
  it('the installed exceljs is the exact version package.json pins and the hooks were written for', () => {
    const pkg = require('../../package.json') as { dependencies: Record<string, string> };
    expect(pkg.dependencies.exceljs).toBe(EXCELJS_VERSION);
    expect((require('exceljs/package.json') as { version: string }).version).toBe(EXCELJS_VERSION);
  });

  it('loads the streaming workbook writer on its own: the very class exceljs exports', async () => {
    expect(await workbookWriterClass()).toBe(ExcelJS.stream.xlsx.WorkbookWriter);
  });

  it('finds the styles registry, the shared strings table and the zip on a workbook writer', () => {
    const wb = writer();
    expect(typeof wbStyles(wb).addStyleModel({ font: { name: '宋体' } }, 2)).toBe('number');
    expect(sharedStrings(wb).add('甲')).toBe(0);
    expect(sharedStrings(wb).add('乙')).toBe(1);
    expect(typeof zipOf(wb).on).toBe('function');
  });

  it("reaches a sheet's XML stream once the header row is committed, and renumbers the next row", () => {
    const wb = writer();
    const ws = wb.addWorksheet('表');
    expect(() => sheetStream(ws)).toThrow(/exceljs changed/);
    ws.addRow(['表头']).commit();
    expect(typeof sheetStream(ws).write).toBe('function');
    skipRows(ws, 10);
    expect(ws.addRow(['后']).number).toBe(10);
  });

  it('writes manual column breaks right after the row breaks, where a worksheet has them', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('表');
    columnBreaks(ws, [11, 23]);
    const r = ws.addRow(['甲']);
    r.addPageBreak();
    r.commit();
    ws.commit();
    await wb.commit();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer); // the written file opens
    expect(book.worksheets).toHaveLength(1);
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(Buffer.concat(chunks))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<\/rowBreaks><colBreaks count="2" manualBreakCount="2"><brk id="11" max="1048575" man="1"\/><brk id="23" max="1048575" man="1"\/><\/colBreaks>/);
    expect(() => columnBreaks({}, [1])).toThrow(/exceljs changed/);
  });

  it('patches the data bar rendering (classic form, no extLst) and routes crc-32 to zlib when Node has it', async () => {
    await useClassicDataBars();
    // @ts-expect-error: an internal module of exceljs, without typings
    const mod = (await import('exceljs/lib/xlsx/xform/sheet/cf/cf-rule-xform.js')) as { default: { prototype: { renderDataBar: { toString(): string } } } };
    expect(mod.default.prototype.renderDataBar.toString()).not.toMatch(/extLst|x14/);
    await useNativeCrc32();
    let req = createRequire(import.meta.url);
    for (const dep of ['exceljs', 'archiver', 'zip-stream', 'compress-commons', 'crc32-stream']) req = createRequire(req.resolve(dep));
    // The copy the zip uses is the one `import('crc-32')` finds from our code (the one patched).
    expect(req.resolve('crc-32')).toBe(createRequire(import.meta.url).resolve('crc-32'));
    const crc = req('crc-32') as { buf(data: Uint8Array, seed?: number): number };
    const data = Buffer.from('政务服务办事员 gov-clerk');
    if (typeof (zlib as { crc32?: unknown }).crc32 === 'function') expect(crc.buf.toString()).toMatch(/zlibCrc/);
    // Either way the value is the published CRC-32 of these bytes (signed, as crc-32 returns it).
    expect(crc.buf(data) >>> 0).toBe(crcOf(data));
  });
});

/** CRC-32 (IEEE 802.3), bit by bit: independent of both implementations under test. */
function crcOf(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
