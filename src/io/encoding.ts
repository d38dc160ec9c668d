// CSV encoding detection (docs/contract.md §3): BOM → UTF-8/16; valid UTF-8 → UTF-8; else GB18030
// (a superset of GBK, what Chinese Excel and WPS write for "CSV (逗号分隔)").

/** How much of the file decides the encoding: the header and first rows carry Chinese text. */
export const SNIFF_BYTES = 1 << 20;

export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return isValidUtf8(head) ? 'utf-8' : 'gb18030';
}

/** Strict UTF-8 check that tolerates a sequence cut off at the end of the sniffed prefix. */
export function isValidUtf8(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    if (i + need >= buf.length) return buf.length - i <= need && allContinuation(buf, i + 1, buf.length); // truncated tail
    if (!allContinuation(buf, i + 1, i + 1 + need)) return false;
    // reject overlongs and surrogates
    const b1 = buf[i + 1]!;
    if (b === 0xe0 && b1 < 0xa0) return false;
    if (b === 0xed && b1 > 0x9f) return false;
    if (b === 0xf0 && b1 < 0x90) return false;
    if (b === 0xf4 && b1 > 0x8f) return false;
    i += need + 1;
  }
  return true;
}

function allContinuation(buf: Buffer, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if ((buf[j]! & 0xc0) !== 0x80) return false;
  return true;
}
