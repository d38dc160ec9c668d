// Text for the terminal without colour: widths of Chinese text, aligned tables, money, and
// printable() for anything a file's cell may have put in a message. Colour is terminal.ts's.
import { maskIdsIn } from '../schema/id-number.js';
import { yuanText } from '../report/money.js';

/**
 * Columns a text takes in a terminal: East Asian wide and fullwidth characters two, combining
 * and zero-width marks none, the rest one. Enough for what gov-clerk prints (Chinese, ASCII,
 * digits), without loading string-width's emoji tables at every start (~25 ms).
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text.replace(/\x1b\[[0-9;]*m/g, '')) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    w += WIDE.some(([a, b]) => c >= a && c <= b) ? 2 : 1;
  }
  return w;
}
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** Pads to a display width: a Chinese character takes two columns. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - displayWidth(text));
  return align === 'left' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}

export function table(rows: string[][], align: Array<'left' | 'right'>): string[] {
  // A reduce, not Math.max(...): a table of many centres would overflow the stack as arguments.
  const widths = align.map((_, c) => rows.reduce((w, r) => Math.max(w, displayWidth(r[c] ?? '')), 0));
  return rows.map((r) => r.map((cell, c) => pad(cell, widths[c]!, align[c])).join('  ').trimEnd());
}

/** 1,234.50 (see report/money.ts). */
export const yuan = yuanText;

/**
 * Control characters (ESC sequences that clear the screen, set the window title or hide text;
 * C1 codes; direction overrides that reorder what is shown), as visible \uXXXX. Line breaks stay.
 */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** The colour codes this terminal itself writes (terminal.ts, 16 colours): kept when colour is on. */
const OWN_SGR = /(\u001b\[(?:1|22|31|32|33|36|39)m)/;

/**
 * Text as it may reach a terminal: whatever a cell held cannot drive the terminal, and an ID
 * number anywhere in it (a 工号 column, a file name) is masked. Everything printed goes through here.
 */
export function printable(text: string, keepColour = false): string {
  const parts = keepColour ? text.split(OWN_SGR) : [text];
  // split() with a capture group: odd parts are our own colour codes.
  return parts.map((p, i) => (i % 2 === 1 ? p : maskIdsIn(p.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)))).join('');
}
