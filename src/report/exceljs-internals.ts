// Every touch below exceljs's public API, in one place. They were written against exceljs
// 4.4.0, which package.json pins exactly; test/report/exceljs-internals.test.ts checks each
// one against the installed copy, so an upgrade fails there first, by name.
import zlib from 'node:zlib';

/** The exceljs version these hooks were written for (package.json pins it). */
export const EXCELJS_VERSION = '4.4.0';

type WorkbookWriterClass = typeof import('exceljs').stream.xlsx.WorkbookWriter;

/**
 * The streaming workbook writer alone: `import('exceljs')` loads the whole library (the
 * document model, the readers, CSV) for one class, about half of a small payroll's start-up.
 * Its module is the very class exceljs exports as stream.xlsx.WorkbookWriter (smoke-tested).
 */
export async function workbookWriterClass(): Promise<WorkbookWriterClass> {
  // @ts-expect-error: an internal module of exceljs, without typings
  const mod = (await import('exceljs/lib/stream/xlsx/workbook-writer.js')) as { default: unknown };
  if (typeof mod.default !== 'function') throw new Error('exceljs changed: no streaming workbook writer module');
  return mod.default as WorkbookWriterClass;
}

/**
 * exceljs writes every data bar with an <extLst> reference to an Excel 2010 extension that the
 * streaming writer never writes, so Excel offers to "repair" the file and drops the bars
 * (exceljs #3015). The classic (2007) form alone renders in every Excel since 2010, WPS and
 * LibreOffice: render that. Patched once, on the one method, for exceljs 4.4.
 */
let classicDataBars = false;
export async function useClassicDataBars(): Promise<void> {
  if (classicDataBars) return;
  // @ts-expect-error: an internal module of exceljs, without typings
  const mod = (await import('exceljs/lib/xlsx/xform/sheet/cf/cf-rule-xform.js')) as { default: { prototype: Record<string, unknown> } };
  const proto = mod.default.prototype as {
    tag: string;
    databarXform: { render(x: unknown, m: unknown): void };
    renderDataBar?: (x: { openNode(t: string, a: object): void; closeNode(): void }, m: { priority?: number }) => void;
  };
  if (typeof proto.renderDataBar !== 'function') throw new Error('exceljs changed: cannot render data bars safely');
  proto.renderDataBar = function (this: typeof proto, xml, model) {
    xml.openNode(this.tag, { type: 'dataBar', priority: model.priority });
    this.databarXform.render(xml, model);
    xml.closeNode();
  };
  classicDataBars = true;
}

/**
 * The zip's checksum: archiver's crc32-stream computes CRC-32 over every byte in JavaScript
 * (the crc-32 package), a visible share of writing a large workbook. Node 20.15+ has the same
 * function natively (zlib.crc32); route crc-32's `buf` to it. Same values (a test checks the
 * written parts against their CRCs); left alone if either side is missing. crc-32 is imported
 * by name, so a bundle patches the copy it bundled: the smoke test checks that this is the one
 * copy installed, the one crc32-stream (exceljs → archiver → zip-stream → compress-commons) loads.
 */
let nativeCrc = false;
export async function useNativeCrc32(): Promise<void> {
  if (nativeCrc) return;
  nativeCrc = true;
  const zlibCrc = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  let crc: { buf?: (data: Uint8Array, seed?: unknown) => number };
  try {
    const mod = (await import('crc-32')) as { default?: typeof crc } & typeof crc;
    crc = mod.default ?? mod;
  } catch {
    return;
  }
  if (typeof zlibCrc !== 'function' || typeof crc.buf !== 'function') return;
  crc.buf = (data, seed) => zlibCrc(data, typeof seed === 'number' ? seed >>> 0 : 0) | 0;
}

// —— the few exceljs internals the fast row path relies on (exceljs 4.4) ——
export const NUMBER_TYPE = 2; // Enums.ValueType.Number

export interface StylesLike {
  addStyleModel(model: object, cellType: number): number;
}
export function wbStyles(wb: unknown): StylesLike {
  const styles = (wb as { styles?: StylesLike }).styles;
  if (!styles || typeof styles.addStyleModel !== 'function') throw new Error('exceljs changed: no styles registry');
  return styles;
}

/**
 * The workbook's shared strings, which exceljs writes (xl/sharedStrings.xml, escaped) whenever
 * it holds any; exceljs's own cells stay inline (useSharedStrings: false).
 */
export function sharedStrings(wb: unknown): { add(value: string): number } {
  const ss = (wb as { sharedStrings?: { add?: unknown } }).sharedStrings;
  if (!ss || typeof ss.add !== 'function') throw new Error('exceljs changed: no shared strings table');
  return ss as { add(value: string): number };
}

/** The worksheet's XML stream, after exceljs has opened <sheetData> (the header row did). */
export function sheetStream(ws: unknown): { write(text: string): unknown } {
  const w = ws as { stream?: { write(text: string): unknown }; startedData?: boolean };
  if (!w.startedData || !w.stream) throw new Error('exceljs changed: sheet data not started');
  return w.stream;
}

/**
 * Backpressure that exceljs's streaming writer lacks: it hands the sheet XML to the zip
 * without waiting, so a fast producer piles megabytes of XML in memory ahead of deflate.
 * Wait until the zip has taken this sheet's stream and has room again.
 */
export async function drained(stream: unknown, stopped: () => boolean): Promise<void> {
  const pipes = (stream as { pipes?: NodeJS.WritableStream[] }).pipes;
  if (!Array.isArray(pipes)) return;
  // The zip takes one entry at a time: this sheet waits until the previous one is deflated
  // (or the file failed: then nobody will take it, and the caller has its error).
  while (pipes.length === 0 && !stopped()) await new Promise((r) => setTimeout(r, 1));
  const dest = pipes[0] as (NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } }) | undefined;
  // archiver's PassThrough is an old readable-stream: no writableNeedDrain, only its state.
  if (dest?.writableNeedDrain ?? dest?._writableState?.needDrain) await new Promise((r) => dest!.once('drain', r));
  else await new Promise((r) => setImmediate(r));
}

/** Tells exceljs that rows up to `next - 1` were written, so its next addRow() is row `next`. */
export function skipRows(ws: unknown, next: number): void {
  const w = ws as { _rowZero?: number; _rows?: unknown[] };
  if (typeof w._rowZero !== 'number' || !Array.isArray(w._rows) || w._rows.length !== 0) {
    throw new Error('exceljs changed: cannot continue after fast rows');
  }
  w._rowZero = next;
}

/** The writer's zip (archiver): its errors are the file's errors (a full disk). */
export function zipOf(wb: unknown): NodeJS.EventEmitter {
  const zip = (wb as { zip?: NodeJS.EventEmitter }).zip;
  if (!zip || typeof zip.on !== 'function') throw new Error('exceljs changed: no zip on the workbook writer');
  return zip;
}

/**
 * Manual column page breaks (a table printed in column blocks): exceljs writes row breaks
 * only. <colBreaks> follows <rowBreaks> in a worksheet, so it is written right after them.
 * `after`: 1-based columns after which a page ends.
 */
export function columnBreaks(ws: unknown, after: readonly number[]): void {
  const w = ws as { _writeRowBreaks?: () => void; stream?: { write(text: string): unknown } };
  const writeRowBreaks = w._writeRowBreaks;
  if (typeof writeRowBreaks !== 'function') throw new Error('exceljs changed: cannot add column breaks');
  const xml = `<colBreaks count="${after.length}" manualBreakCount="${after.length}">${after.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('')}</colBreaks>`;
  w._writeRowBreaks = function (this: typeof w) {
    writeRowBreaks.call(this);
    this.stream!.write(xml);
  };
}
