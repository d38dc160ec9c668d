// A streaming xlsx reader: yauzl opens the zip by its central directory, saxes parses each
// part as it is inflated. We do not use exceljs's streaming reader for input: it reads the zip
// front to back and, when xl/workbook.xml is stored after the sheets (as exceljs itself and
// other tools write it), intermittently loses that part and fails ("reading 'sheets'", exceljs
// issue #962); it also rejects prefixed tags (<x:row>) that some .NET exporters write.
// Reading by the directory lets us take the parts in the order we need them: workbook,
// relationships, styles, shared strings, then each sheet row by row.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { closeSync, open as openFd } from 'node:fs';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { fromExcelSerial, makeDate } from '../calendar.js';
import { UserError } from '../errors.js';
import { EMPTY, textCell, type Cell } from './cell.js';
import type { RawRow, SourceSheet } from './raw.js';

import { LIMITS } from './limits.js';
import { READ_NONBLOCK } from '../file-check.js';
/** A worksheet nests five levels deep (worksheet/sheetData/row/c/is/r/t): anything far deeper is hostile. */
const MAX_DEPTH = 64;
/** Shared strings are kept in memory: bound their total (a million-row roster needs far less). */
const MAX_SHARED_CHARS = 200_000_000;
/** Shared-string entries kept at most: 16 per row of a full sheet, several times a real roster's. */
const MAX_SHARED_STRINGS = 16 * 1_048_576;
/** Parts we read whole (workbook, relationships, styles) are small; refuse anything huge. */
const SMALL_PART_BYTES = 64 << 20;

export async function* readXlsx(path: string, fileLabel: string): AsyncGenerator<SourceSheet> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip, fileLabel);
    const part = (name: string) => entries.get(name.replace(/^\//, ''));
    const workbookPath = (await officeDocumentPath(zip, part('_rels/.rels'), fileLabel)) ?? 'xl/workbook.xml';
    const workbookEntry = part(workbookPath);
    if (!workbookEntry) throw new UserError(`文件 ${fileLabel} 不是有效的 Excel 工作簿（缺少 ${workbookPath}）。请在 Excel 或 WPS 中打开并另存为 .xlsx 再试。`);
    const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
    const wb = parseWorkbook(await readSmall(zip, workbookEntry, fileLabel), fileLabel, workbookPath);
    const rels = parseRels(await readSmall(zip, part(relsPath), fileLabel), base, fileLabel, relsPath);
    const stylesTarget = rels.byType.get('styles');
    const dateStyles = parseStyles(await readSmall(zip, stylesTarget ? part(stylesTarget) : undefined, fileLabel), fileLabel, stylesTarget ?? '');
    const sstTarget = rels.byType.get('sharedStrings');
    const shared = sstTarget && part(sstTarget) ? await readSharedStrings(zip, part(sstTarget)!, fileLabel) : new SharedStrings();

    const read = new Set<Entry>();
    for (const sheet of wb.sheets) {
      const target = rels.byId.get(sheet.rId);
      const entry = target ? part(target) : undefined;
      if (!entry) continue; // a chart sheet or a dangling reference: nothing to read
      // Two sheets over one part would read it twice (a thousand times, in a hostile file).
      if (read.has(entry)) throw new UserError(`文件 ${fileLabel} 中有多个工作表指向同一部分 ${entry.fileName}，不是正常的工作簿（可能已损坏或被篡改）。`);
      read.add(entry);
      yield {
        name: sheet.name,
        date1904: wb.date1904,
        batches: readSheet(zip, entry, { shared, dateStyles, date1904: wb.date1904, fileLabel, sheetName: sheet.name }),
      };
    }
  } finally {
    zip.close();
  }
}

/**
 * The zip's parts by name. Two parts of one name (part names ignore letter case) are refused:
 * Excel and unzip read the first, a reader keeping the last would pay other rows than the user sees.
 */
/**
 * The zip, opened non-blocking (issue 24.2: a pipe put in the file's place after it was checked
 * must not hang the read). yauzl closes the descriptor when the zip is closed.
 */
async function openZip(path: string): Promise<ZipFile> {
  const fd = await promisify(openFd)(path, READ_NONBLOCK);
  try {
    return await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The names of a workbook's sheets, from its workbook part alone: no sheet or shared string is inflated. */
export async function xlsxSheetNames(path: string, fileLabel: string): Promise<string[]> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip, fileLabel);
    const workbookPath = (await officeDocumentPath(zip, entries.get('_rels/.rels'), fileLabel)) ?? 'xl/workbook.xml';
    const entry = entries.get(workbookPath.replace(/^\//, ''));
    return entry ? parseWorkbook(await readSmall(zip, entry, fileLabel), fileLabel, workbookPath).sheets.map((s) => s.name) : [];
  } finally {
    zip.close();
  }
}

function listEntries(zip: ZipFile, fileLabel: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const map = new Map<string, Entry>();
    const seen = new Set<string>();
    zip.on('entry', (e: Entry) => {
      const key = e.fileName.toLowerCase();
      if (seen.has(key)) {
        reject(new UserError(`文件 ${fileLabel} 中有两个同名的部分 ${e.fileName}，不同软件会读到不同的内容（文件已损坏或被篡改）。请在 Excel 或 WPS 中打开并另存为 .xlsx 再试。`));
        zip.close();
        return;
      }
      seen.add(key);
      map.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(map));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Longest run of characters allowed between two '<' or two '>': a cell holds at most 32,767
 * characters (each at most an entity like &#x4E2D; when escaped), and no tag or attribute of a
 * real workbook comes near it. Beyond it the XML parser would have to buffer an unbounded token
 * — the shape of a zip bomb — so reading stops first.
 */
const MAX_TOKEN_CHARS = LIMITS.cellChars * 10;

async function* inflate(zip: ZipFile, entry: Entry, fileLabel: string): AsyncGenerator<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new TextDecoder('utf-8');
  let sinceLt = 0;
  let sinceGt = 0;
  const guard = (text: string): string => {
    const lt = text.lastIndexOf('<');
    const gt = text.lastIndexOf('>');
    sinceLt = lt < 0 ? sinceLt + text.length : text.length - lt - 1;
    sinceGt = gt < 0 ? sinceGt + text.length : text.length - gt - 1;
    if (sinceLt > MAX_TOKEN_CHARS || sinceGt > MAX_TOKEN_CHARS) {
      throw new UserError(`文件 ${fileLabel} 的 ${entry.fileName} 中有超过 Excel 上限的超长内容（可能是压缩炸弹或已损坏的文件），已停止读取。`);
    }
    return text;
  };
  for await (const chunk of stream) yield guard(decoder.decode(chunk as Buffer, { stream: true }));
  const tail = decoder.decode();
  if (tail) yield guard(tail);
}

async function readSmall(zip: ZipFile, entry: Entry | undefined, fileLabel: string): Promise<string> {
  if (!entry) return '';
  if (entry.uncompressedSize > SMALL_PART_BYTES) throw new UserError(`文件 ${fileLabel} 中的 ${entry.fileName} 异常巨大（${entry.uncompressedSize} 字节），拒绝读取。`);
  let text = '';
  for await (const s of inflate(zip, entry, fileLabel)) text += s;
  return text;
}

interface SaxHandlers {
  open?: (tag: SaxesTagPlain, local: string) => void;
  close?: (local: string) => void;
}

/**
 * A SAX parser that refuses XML nested deeper than any Excel part (each part, not only sheets).
 * saxes keeps one handler per event, so the caller's handlers are called from the guard's.
 */
function boundedParser(fileLabel: string, part: string, on: SaxHandlers): SaxesParser {
  const p = new SaxesParser();
  let depth = 0;
  p.on('opentag', (tag) => {
    if (++depth > MAX_DEPTH) throw new UserError(`文件 ${fileLabel} 的 ${part} XML 嵌套超过 ${MAX_DEPTH} 层，不是 Excel 写出的文件（可能已损坏或被篡改）。`);
    on.open?.(tag, localName(tag.name));
  });
  p.on('closetag', (tag) => {
    depth--;
    on.close?.(localName(tag.name));
  });
  return p;
}

/** Runs a SAX parser over a whole part's text, calling `onOpen` for each opening tag. */
function parseXml(xml: string, fileLabel: string, part: string, onOpen: (tag: SaxesTagPlain, local: string) => void): void {
  if (!xml) return;
  boundedParser(fileLabel, part, { open: onOpen }).write(xml).close();
}

const localNames = new Map<string, string>();
function localName(name: string): string {
  let local = localNames.get(name);
  if (local === undefined) {
    const i = name.indexOf(':');
    local = i < 0 ? name : name.slice(i + 1);
    if (localNames.size < 1000) localNames.set(name, local);
  }
  return local;
}

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const direct = tag.attributes[name];
  if (direct !== undefined) return direct;
  // Prefixed attributes (r:id, or x:r under a prefixed tag): look by local name.
  for (const k in tag.attributes) if (k.includes(':') && localName(k) === name) return tag.attributes[k];
  return undefined;
}

async function officeDocumentPath(zip: ZipFile, entry: Entry | undefined, fileLabel: string): Promise<string | undefined> {
  let target: string | undefined;
  parseXml(await readSmall(zip, entry, fileLabel), fileLabel, '_rels/.rels', (tag, local) => {
    if (local === 'Relationship' && /\/officeDocument$/.test(attr(tag, 'Type') ?? '')) target = attr(tag, 'Target');
  });
  return target?.replace(/^\//, '');
}

/** Far more sheets than any roster workbook has (Excel's own practical limit is memory). */
const MAX_SHEETS = 1000;

function parseWorkbook(xml: string, fileLabel: string, part: string): { sheets: Array<{ name: string; rId: string }>; date1904: boolean } {
  const sheets: Array<{ name: string; rId: string }> = [];
  let date1904 = false;
  parseXml(xml, fileLabel, part, (tag, local) => {
    if (local === 'sheet') {
      if (sheets.length === MAX_SHEETS) throw new UserError(`文件 ${fileLabel} 声明了超过 ${MAX_SHEETS} 个工作表，不是正常的工作簿（可能已损坏或被篡改）。`);
      sheets.push({ name: attr(tag, 'name') ?? '', rId: attr(tag, 'id') ?? '' });
    }
    if (local === 'workbookPr') date1904 = ['1', 'true'].includes(attr(tag, 'date1904') ?? '');
  });
  return { sheets, date1904 };
}

function parseRels(xml: string, base: string, fileLabel: string, part: string): { byId: Map<string, string>; byType: Map<string, string> } {
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  parseXml(xml, fileLabel, part, (tag, local) => {
    if (local !== 'Relationship') return;
    const raw = attr(tag, 'Target') ?? '';
    const target = raw.startsWith('/') ? raw.slice(1) : normalizePath(base + raw);
    byId.set(attr(tag, 'Id') ?? '', target);
    const type = (attr(tag, 'Type') ?? '').split('/').pop() ?? '';
    if (!byType.has(type)) byType.set(type, target);
  });
  return { byId, byType };
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/**
 * Which cell styles (s="n") show a date. Built-in ids 14–22 and 45–47 everywhere, and the
 * East Asian built-ins 27–36 and 50–58 that Chinese Excel writes for 2025年6月1日; custom codes
 * by their letters, once quoted text and [colour/locale] brackets are removed.
 */
function parseStyles(xml: string, fileLabel: string, part: string): Set<number> {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  if (xml) {
    const p = boundedParser(fileLabel, part, {
      open(tag, local) {
        if (local === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
        else if (local === 'cellXfs') inCellXfs = true;
        else if (local === 'xf' && inCellXfs) xfs.push(Number(attr(tag, 'numFmtId') ?? 0));
      },
      close(local) {
        if (local === 'cellXfs') inCellXfs = false;
      },
    });
    p.write(xml).close();
  }
  const dates = new Set<number>();
  xfs.forEach((id, index) => {
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : isBuiltinDate(id)) dates.add(index);
  });
  return dates;
}

export function isBuiltinDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/**
 * The shared-string table, kept as UTF-8 bytes with offsets rather than as JS strings: a
 * million-row roster of unique names and IDs has millions of entries, and as strings they
 * would be the largest thing in memory (about 5x the bytes, all of it for the GC to walk).
 */
export class SharedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(text: string): void {
    const need = this.used + Buffer.byteLength(text);
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  get(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!);
  }
}

async function readSharedStrings(zip: ZipFile, entry: Entry, fileLabel: string): Promise<SharedStrings> {
  const strings = new SharedStrings();
  let current: string | null = null;
  let inT = false;
  let phonetic = 0; // <rPh> runs hold pronunciation guides, not cell text
  const p = boundedParser(fileLabel, entry.fileName, {
    open(_tag, local) {
      if (local === 'si') current = '';
      else if (local === 'rPh') phonetic++;
      else if (local === 't' && phonetic === 0) inT = true;
    },
    close(local) {
      if (local === 'si') {
        // Each cell refers to at most one entry: more entries than cells Excel can hold in a
        // million-row sheet of 16 columns is a bomb of empty items, not a workbook.
        if (strings.length >= MAX_SHARED_STRINGS) {
          throw new UserError(`文件 ${fileLabel} 的共享字符串超过 ${MAX_SHARED_STRINGS} 项，超出本工具的处理能力（可能是压缩炸弹），已停止读取。`);
        }
        strings.push(current ?? '');
        current = null;
      } else if (local === 'rPh') phonetic--;
      else if (local === 't') inT = false;
    },
  });
  let total = 0;
  const onText = (t: string) => {
    if (inT && current !== null) {
      current += t;
      total += t.length;
      if (total > MAX_SHARED_CHARS) throw new UserError(`文件 ${fileLabel} 的共享字符串总量超过 ${MAX_SHARED_CHARS} 个字符，超出本工具的处理能力（可能是压缩炸弹），已停止读取。`);
      if (current.length > LIMITS.cellChars) throw new UserError(`文件 ${fileLabel} 的共享字符串第 ${strings.length + 1} 项超过 Excel 单元格上限 ${LIMITS.cellChars} 个字符，文件可能已损坏或被篡改。`);
    }
  };
  p.on('text', onText);
  p.on('cdata', onText);
  for await (const chunk of inflate(zip, entry, fileLabel)) p.write(chunk);
  p.close();
  return strings;
}

interface SheetContext {
  shared: SharedStrings;
  dateStyles: Set<number>;
  date1904: boolean;
  fileLabel: string;
  sheetName: string;
}

async function* readSheet(zip: ZipFile, entry: Entry, ctx: SheetContext): AsyncGenerator<RawRow[]> {
  let ready: RawRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] = [];
  let col = 0;
  // the cell being read
  let type = '';
  let style = -1;
  let value: string | null = null;
  let formula: string | null = null;
  let inline: string | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;
  const where = () => `文件 ${ctx.fileLabel} 的工作表「${ctx.sheetName}」第 ${rowNumber} 行`;

  const p = new SaxesParser();
  let depth = 0;
  p.on('opentag', (tag) => {
    if (++depth > MAX_DEPTH) throw new UserError(`文件 ${ctx.fileLabel} 的工作表「${ctx.sheetName}」XML 嵌套超过 ${MAX_DEPTH} 层，不是 Excel 写出的文件（可能已损坏或被篡改）。`);
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(attr(tag, 'r'));
        // Excel writes each row once, top to bottom: a row number repeated or going back
        // (ten million <row r="1">) is not a workbook, and would be read without end.
        if (Number.isInteger(r) && r > 0 && r <= rowNumber) {
          throw new UserError(`文件 ${ctx.fileLabel} 的工作表「${ctx.sheetName}」中第 ${r} 行出现在第 ${rowNumber} 行之后（行号重复或倒序），不是 Excel 写出的文件（可能已损坏或被篡改）。`);
        }
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        if (rowNumber > LIMITS.rows) throw new UserError(`${where()}超出 Excel 的行数上限 ${LIMITS.rows}，文件可能已损坏或被篡改。`);
        cells = [];
        col = 0;
        break;
      }
      case 'c': {
        const ref = attr(tag, 'r');
        col = ref ? columnIndex(ref) : col + 1;
        if (col > LIMITS.columns) throw new UserError(`${where()}超出 Excel 的列数上限 ${LIMITS.columns}，文件可能已损坏或被篡改。`);
        type = attr(tag, 't') ?? 'n';
        style = Number(attr(tag, 's') ?? -1);
        value = formula = inline = null;
        break;
      }
      case 'v':
        capture = 'v';
        value = '';
        break;
      case 'f':
        capture = 'f';
        formula = '';
        break;
      case 'is':
        inline = '';
        break;
      case 'rPh':
        phonetic++;
        break;
      case 't':
        if (inline !== null && phonetic === 0) capture = 't';
        break;
    }
  });
  p.on('closetag', (tag) => {
    depth--;
    switch (localName(tag.name)) {
      case 'v':
      case 'f':
      case 't':
        capture = null;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c': {
        const cell = toCell(type, style, value, formula, inline, ctx);
        if (cell.t !== 'empty') {
          while (cells.length < col - 1) cells.push(EMPTY);
          cells[col - 1] = cell;
        }
        break;
      }
      case 'row':
        ready.push({ row: rowNumber, cells });
        break;
    }
  });
  const onText = (t: string) => {
    if (capture === null) return;
    if (capture === 'v') value += t;
    else if (capture === 'f') formula += t;
    else inline += t;
    if ((value?.length ?? 0) > LIMITS.cellChars || (inline?.length ?? 0) > LIMITS.cellChars || (formula?.length ?? 0) > 8192) {
      throw new UserError(`${where()}有单元格超过 Excel 的上限（${LIMITS.cellChars} 个字符），文件可能已损坏或被篡改。`);
    }
  };
  p.on('text', onText);
  p.on('cdata', onText);

  // Rows go out in batches, one per inflated chunk: an await per row was a large part of reading.
  for await (const chunk of inflate(zip, entry, ctx.fileLabel)) {
    p.write(chunk);
    if (ready.length) {
      yield ready;
      ready = [];
    }
  }
  p.close();
  if (ready.length) yield ready;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

function toCell(type: string, style: number, value: string | null, formula: string | null, inline: string | null, ctx: SheetContext): Cell {
  if (type === 'inlineStr') return inline === null ? EMPTY : textCell(inline);
  if (value === null) return formula !== null && formula !== '' ? { t: 'no-result', formula } : EMPTY;
  switch (type) {
    case 's': {
      const s = ctx.shared.get(Number(value));
      return s === undefined ? { t: 'error', v: '#REF!' } : textCell(s);
    }
    case 'str':
      return textCell(value);
    case 'b':
      return { t: 'bool', v: value.trim() === '1' || value.trim() === 'true' };
    case 'e':
      return { t: 'error', v: value.trim() };
    case 'd': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
      const iso = m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
      return iso ? { t: 'date', v: iso, raw: iso } : { t: 'error', v: '#VALUE!' };
    }
    default: {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return { t: 'error', v: '#VALUE!' };
      if (ctx.dateStyles.has(style)) {
        const iso = fromExcelSerial(n, ctx.date1904);
        if (iso) return { t: 'date', v: iso, raw: iso };
      }
      return { t: 'number', v: n };
    }
  }
}
