// Generates the hostile corpus: broken, disguised and oversized files, built at test time so
// nothing over a few kilobytes is committed. The zip bomb is written by a minimal streaming
// zip writer (stored sizes and CRC filled in), so hundreds of megabytes never sit in memory.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import JSZip from 'jszip';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer, crc = 0xffffffff): number {
  for (let i = 0; i < buf.length; i++) crc = CRC_TABLE[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/** The parts every minimal workbook needs, with `sheet` as its only worksheet. */
export function workbookParts(sheet: string): Record<string, string> {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${R}"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet,
  };
}

const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>所属中心</t></is></c><c r="C1" t="inlineStr"><is><t>学历</t></is></c><c r="D1" t="inlineStr"><is><t>上岗日期</t></is></c></row>';

export async function smallXlsx(path: string, sheet: string): Promise<void> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(workbookParts(sheet))) zip.file(name, text);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** A workbook whose one cell holds `megabytes` MB of the same letter: a few hundred KB on disk. */
export async function zipBomb(path: string, megabytes: number): Promise<void> {
  const head = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>`;
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const mb = Buffer.alloc(1 << 20, 'A');
  await streamedXlsx(path, {
    'xl/worksheets/sheet1.xml': function* () {
      yield Buffer.from(head, 'utf8');
      for (let i = 0; i < megabytes; i++) yield mb;
      yield Buffer.from(tail, 'utf8');
    },
  });
}

/** `times` copies of `unit` between `head` and `tail`, as chunks: a part of any size in little memory. */
export function repeated(head: string, unit: string, times: number, tail: string): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from(head, 'utf8');
    const per = Math.max(1, Math.floor((1 << 20) / Buffer.byteLength(unit)));
    const block = Buffer.from(unit.repeat(per), 'utf8');
    let left = times;
    for (; left >= per; left -= per) yield block;
    if (left > 0) yield Buffer.from(unit.repeat(left), 'utf8');
    yield Buffer.from(tail, 'utf8');
  };
}

/**
 * A minimal workbook (workbookParts('')) with some parts replaced or added: a string, or chunks
 * deflated as they come (a bomb of hundreds of MB costs a few MB here and on disk). Also
 * declares shared strings and styles, so that either part may be given.
 */
export async function streamedXlsx(path: string, parts: Record<string, string | (() => Iterable<Buffer>)>): Promise<void> {
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const base: Record<string, string | (() => Iterable<Buffer>)> = {
    ...workbookParts(`<worksheet><sheetData>${HEADER_ROW}</sheetData></worksheet>`),
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${R}/styles" Target="styles.xml"/></Relationships>`,
    'xl/sharedStrings.xml': '<sst/>',
    'xl/styles.xml': '<styleSheet/>',
  };
  await writeZip(path, Object.entries({ ...base, ...parts }));
}

/** A zip written entry by entry (names may repeat: a hostile zip is the point). */
export async function writeZip(path: string, entries: Array<[string, string | (() => Iterable<Buffer>)]>): Promise<void> {
  const out = createWriteStream(path);
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  const write = async (b: Buffer) => {
    offset += b.length;
    if (!out.write(b)) await once(out, 'drain');
  };
  const entry = async (name: string, chunks: () => Iterable<Buffer>) => {
    // Deflate chunk by chunk into one raw stream (memory stays flat).
    const zlib = await import('node:zlib');
    const deflate = zlib.createDeflateRaw({ level: 9 });
    const pieces: Buffer[] = [];
    deflate.on('data', (d: Buffer) => pieces.push(d));
    let crc = 0xffffffff;
    let size = 0;
    for (const c of chunks()) {
      crc = crc32(c, crc);
      size += c.length;
      if (!deflate.write(c)) await once(deflate, 'drain');
    }
    deflate.end();
    await once(deflate, 'end');
    const data = Buffer.concat(pieces);
    crc = (crc ^ 0xffffffff) >>> 0;
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBuf);
    count++;
    await write(local);
    await write(nameBuf);
    await write(data);
  };
  for (const [name, body] of entries) await entry(name, typeof body === 'string' ? () => [Buffer.from(body, 'utf8')] : body);
  const cdStart = offset;
  const cdBuf = Buffer.concat(central);
  await write(cdBuf);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(cdStart, 16);
  await write(end);
  out.end();
  await once(out, 'finish');
}

export const OLE_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(504).fill(0)]);
export { HEADER_ROW };
