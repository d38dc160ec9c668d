// Every workbook gov-clerk writes, printed as a clerk would print it (issue 22.1): LibreOffice
// turns each into a PDF, and every page must be A4, show no ###, have body text of about 7 pt
// or more after scaling, keep every word inside the page's margins, and print no command-line
// flag, parameter key or raw JSON. Needs LibreOffice and poppler (.ci/run installs them).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { MARGINS } from '../../src/report/print-layout.js';

const tmp = tempDir();
const F = `${ROOT}fixtures`;

/** Every kind of workbook the tool writes, from the sample district. */
const WORKBOOKS: Array<[string, string[]]> = [
  ['payroll-month', ['payroll', `${F}/roster.xlsx`, '--month', '2025-06']],
  ['payroll-range', ['payroll', `${F}/roster.xlsx`, '--year', '2025']],
  ['budget', ['budget', `${F}/roster.xlsx`, '--year', '2026']],
  ['annual', ['annual', `${F}/ratings-2025.csv`, '--roster', `${F}/roster.xlsx`]],
  ['check-roster', ['check-roster', `${F}/roster.xlsx`, '--as-of', '2025-06-30']],
  ['check-staffing', ['check-staffing', `${F}/centers.xlsx`, '--roster', `${F}/roster.xlsx`, '--as-of', '2025-06-30']],
  ['template-roster', ['template', 'roster']],
  ['template-ratings', ['template', 'ratings']],
  ['template-centers', ['template', 'centers']],
];

/** Body text at least this size on paper (points), give or take the measurement. */
const MIN_PT = 6.9;
/** A word's box is this many times its font size (measured on LibreOffice's CJK and Latin fonts). */
const BOX_PER_PT = 1.3;
const A4 = [595.3, 841.9];

interface Word { x0: number; y0: number; x1: number; y1: number; text: string }
interface Page { width: number; height: number; words: Word[] }

/** The pages of a PDF with each word's box (pdftotext -bbox). */
export function pdfPages(pdf: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return xml.split('<page ').slice(1).map((p) => {
    const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(p)!;
    const words = [...p.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    return { width: Number(width), height: Number(height), words };
  });
}

/** What is wrong with a printed page, in words (empty when nothing). */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  const a4 = [page.width, page.height].sort((a, b) => a - b);
  if (Math.abs(a4[0]! - A4[0]!) > 2 || Math.abs(a4[1]! - A4[1]!) > 2) problems.push(`not A4 (${page.width.toFixed(0)}×${page.height.toFixed(0)} pt)`);
  const hashes = page.words.filter((w) => w.text.includes('###'));
  if (hashes.length) problems.push(`### in ${hashes.length} cells`);
  // Body text: the page number in the bottom margin is page furniture, not the sheet.
  const body = page.words.filter((w) => w.y1 < page.height - MARGINS.bottom * 72);
  const sizes = body.map((w) => (w.y1 - w.y0) / BOX_PER_PT);
  const smallest = Math.min(...sizes);
  if (sizes.length && smallest < MIN_PT) problems.push(`text at ${smallest.toFixed(1)} pt (“${body[sizes.indexOf(smallest)]!.text.slice(0, 12)}”)`);
  // The margins the sheets are written with, less a little: text past them runs off the table or the paper.
  const left = MARGINS.left * 72 - 4;
  const right = page.width - MARGINS.right * 72 + 4;
  const out = page.words.filter((w) => w.x0 < left || w.x1 > right || w.y0 < 0 || w.y1 > page.height);
  if (out.length) problems.push(`${out.length} words beyond the margin (“${out[0]!.text.slice(0, 12)}”)`);
  return problems;
}

/** Text a printed sheet must not carry: command-line flags, parameter keys, raw JSON. */
export const NOT_FOR_PRINT = /(^|[\s（(，。；：])--[a-z][a-z-]+|\b(payroll|annual|staffing|hiring)\.[a-z_]+|\{"|":/;

describe('every workbook, printed through LibreOffice on A4', () => {
  const pages = new Map<string, Page[]>();

  beforeAll(() => {
    const books: string[] = [];
    for (const [name, args] of WORKBOOKS) {
      const out = tmp(`${name}.xlsx`);
      const r = cli([...args, '-o', out, ...(args[0] === 'template' ? [] : ['-q'])]);
      expect(r.code, r.stderr).toBeLessThan(2);
      books.push(out);
    }
    const pdfDir = tmp('pdf');
    // One LibreOffice for all of them, with its own profile (no user's settings, no lock with another run).
    const lo = spawnSync('soffice', [`-env:UserInstallation=file://${tmp('lo-profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, ...books], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (lo.error) throw new Error(`LibreOffice (soffice) could not run: ${lo.error.message}. Install it: apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-crosextra-carlito (.ci/run does)`);
    for (const f of readdirSync(pdfDir)) pages.set(basename(f, '.pdf'), pdfPages(`${pdfDir}/${f}`));
  }, 300_000);

  it.each(WORKBOOKS.map(([name]) => name))('%s: A4, no ###, text of 7 pt or more, nothing beyond the margins', (name) => {
    const printed = pages.get(name);
    expect(printed, `${name}.pdf was not written`).toBeDefined();
    expect(printed!.length).toBeGreaterThan(0);
    const problems = printed!.flatMap((p, i) => pageProblems(p).map((x) => `page ${i + 1}: ${x}`));
    expect(problems).toEqual([]);
  });

  it.each(WORKBOOKS.map(([name]) => name))('%s: no command-line flag, parameter key or JSON on paper', (name) => {
    const text = pages.get(name)!.flatMap((p) => p.words.map((w) => w.text)).join(' ');
    expect(text.match(NOT_FOR_PRINT)?.[0] ?? null).toBeNull();
  });

  it('prints 补贴发放表 grouped: each centre with its 小计 and amount in capital Chinese on its own page, the 总计 in words', () => {
    const sheet = pages.get('payroll-month')!;
    const lines = sheet.map((p) => p.words.map((w) => w.text).join(''));
    const grand = lines.findIndex((l) => l.includes('总计（大写）：人民币壹万壹仟玖佰捌拾元整'));
    expect(grand).toBeGreaterThan(0);
    // Before it, one page per centre (8 in the sample district), each signed.
    const centrePages = lines.slice(0, grand + 1).filter((l) => l.includes('小计（大写）：人民币'));
    expect(centrePages).toHaveLength(8);
    // pdftotext lists words in no fixed reading order: each part of the signature area is on the page.
    for (const l of centrePages) for (const part of ['制表人', '审核人', '单位负责人', '日期']) expect(l).toContain(part);
  });
});

describe('the page check itself', () => {
  const page = (words: Array<Partial<Word> & { text: string }>, width = A4[1]!, height = A4[0]!): Page => ({
    width,
    height,
    words: words.map((w) => ({ x0: 40, y0: 40, x1: 80, y1: 40 + 11 * BOX_PER_PT, ...w })),
  });
  it('passes a legible A4 page and names each fault of a bad one', () => {
    expect(pageProblems(page([{ text: '张伟' }, { text: '1,200.00' }]))).toEqual([]);
    expect(pageProblems(page([{ text: '###' }]))).toEqual(['### in 1 cells']);
    expect(pageProblems(page([{ text: '2.5pt', y1: 40 + 3 * BOX_PER_PT }]))[0]).toMatch(/^text at 3\.0 pt/);
    expect(pageProblems(page([{ text: '说明', x1: A4[1]! + 10 }]))[0]).toMatch(/beyond the margin/);
    expect(pageProblems(page([{ text: 'Letter' }], 612, 792))[0]).toMatch(/not A4/);
    expect('上月实发（--previous）'.match(NOT_FOR_PRINT)).not.toBeNull();
    expect('payroll.skill_allowance'.match(NOT_FOR_PRINT)).not.toBeNull();
    expect('{"1":600}'.match(NOT_FOR_PRINT)).not.toBeNull();
    expect('2025-01～2025-03 不在岗；roster.xlsx'.match(NOT_FOR_PRINT)).toBeNull();
  });
});
