// A date is a calendar day with no time zone (docs/contract.md §3.4): no source line may read or
// build a JS Date in the machine's local time. This static check is why npm test no longer runs
// every end-to-end test under a second TZ (issue 25): only the date units run twice.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const FIELDS = 'FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds';
const LOCAL_TIME: Array<[string, RegExp]> = [
  ['a local-time getter or setter (use getUTC…/setUTC…)', new RegExp(`\\.(?:get|set)(?:${FIELDS}|Year)\\s*\\(`)],
  ['the machine’s UTC offset', /\.getTimezoneOffset\s*\(/],
  ['a date printed in local time', /\.to(?:LocaleDateString|LocaleTimeString|DateString|TimeString)\s*\(/],
  ['a Date printed in local time (toLocaleString on a date, no timeZone)', /(?:[Dd]ate|[Tt]ime|now|\))\s*\.toLocaleString\s*\((?![^)]*timeZone)/],
  ['Date from year, month, day… in local time (use Date.UTC)', /new\s+Date\s*\(\s*[^()\s,'"`][^(),]*(?:\([^()]*\)[^(),]*)*,/],
  ['a date-time text read in local time (no Z or offset)', /(?:new\s+Date|Date\.parse)\s*\(\s*(['"`])[^'"`]*\d[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\1/],
  ['a date-time template read in local time (no Z or offset)', /(?:new\s+Date|Date\.parse)\s*\(\s*`[^`]*T(?:\d{2}|\$\{[^}]*\}):[^`Z+]*`/],
  ['a formatter in the machine’s time zone', /DateTimeFormat\s*\((?![^)]*timeZone)/],
];

/** Comments blanked out (so a comment may name an API), line numbers kept. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Each use of a local-time Date API in `text`, as "line: why". */
export function localTimeUses(text: string): string[] {
  const found: string[] = [];
  code(text)
    .split('\n')
    .forEach((line, i) => {
      for (const [why, re] of LOCAL_TIME) if (re.test(line)) found.push(`${i + 1}: ${why}`);
    });
  return found;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|mts|cts)$/.test(d.name) ? [join(dir, d.name)] : []));
}

describe('no local time in src/', () => {
  it('no source file reads or builds a Date in the machine’s time zone', () => {
    const uses = files(join(ROOT, 'src')).flatMap((f) => localTimeUses(readFileSync(f, 'utf8')).map((u) => `${relative(ROOT, f)}:${u}`));
    expect(uses).toEqual([]);
  });

  it.each([
    'const y = d.getFullYear();',
    'const m = date.getMonth() + 1;',
    'return d.getDate();',
    'if (now.getDay() === 0) {}',
    'const h = new Date().getHours();',
    'd.setFullYear(2025);',
    'd.setDate(d.getDate() + 1);',
    'd.setHours(0, 0, 0, 0);',
    'const off = new Date().getTimezoneOffset();',
    'const s = d.toLocaleDateString("zh-CN");',
    'const s = date.toLocaleString("zh-CN");',
    'const s = new Date().toLocaleString();',
    'const s = d.toDateString();',
    'const e = new Date(2025, 5, 30);',
    'const e = new Date(y, m - 1, 1);',
    'const e = new Date(year, Number(text.slice(5, 7)) - 1, 1);',
    "const e = new Date('2025-06-30 00:00');",
    "const e = new Date('2025-06-30T00:00:00');",
    'const e = new Date(`${iso}T00:00:00`);',
    "const t = Date.parse('2025-06-30T08:00');",
    "const f = new Intl.DateTimeFormat('zh-CN');",
  ])('catches a planted %s', (line) => {
    expect(localTimeUses(`// planted\nexport function f(d: Date, date: Date, now: Date, y: number, m: number) {\n  ${line}\n}`)).toHaveLength(1);
  });

  it.each([
    'const y = d.getUTCFullYear();',
    'const m = date.getUTCMonth() + 1;',
    'd.setUTCDate(d.getUTCDate() + 1);',
    'const ms = Date.UTC(2025, 5, 30);',
    'const e = new Date(Date.UTC(y, m - 1, 1));',
    'const e = new Date(ms);',
    'const e = new Date(d.getTime() + 8 * 3_600_000);',
    'const e = new Date();',
    'const e = new Date(`${iso}T00:00:00Z`);',
    "const e = new Date('2025-06-30T00:00:00+08:00');",
    "const e = new Date('2025-06-30');",
    'const s = d.toISOString().slice(0, 10);',
    "const s = n.toLocaleString('en-US');",
    "const s = MAX.toLocaleString('en-US');",
    "const f = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai' });",
    'const t = map.get(key); map.set(key, 1);',
    '// getFullYear() would read the local year',
  ])('lets the UTC form pass: %s', (line) => {
    expect(localTimeUses(`export function f() {\n  ${line}\n}`)).toEqual([]);
  });
});
