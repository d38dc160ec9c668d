// Issue 12: hostile inputs and faults that once lost data, hung or leaked, each generated here.
// Every case names what the user must see (exit code, one sentence) and what must not be left.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';
import { HEADER_ROW, repeated, streamedXlsx, workbookParts, writeZip } from './corpus.js';

const tmp = tempDir();
const BIN = `${ROOT}bin/gov-clerk.cjs`;
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;
const CENTERS = `${ROOT}fixtures/centers.xlsx`;
/** The issue's ceiling: every hostile file stops under 1 GiB of heap. */
const GIB = ['--max-old-space-size=1024'];
/** GB 11643-1999's own example number (valid check digit): an ID no test computes itself. */
const ID = '11010519491231002X';

const HEADER = '工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资';
const row = (i: number, over: Partial<Record<'no' | 'name' | 'id' | 'salary', string>> = {}) =>
  `${over.no ?? `E${i}`},${over.name ?? `张${i}`},${over.id ?? ''},耿车镇便民服务中心,本科,2020-01-01,${over.salary ?? ''}`;
const csv = (rows: string[], eol = '\n') => `${HEADER}${eol}${rows.join(eol)}${eol}`;
const rosterOf = (n: number) => csv(Array.from({ length: n }, (_, i) => row(i)));

/** One Chinese sentence and exit 2, never a stack. */
function refused(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as { clerks: Array<Record<string, unknown>>; excluded: Array<{ row: number; codes: string[] }>; issues: Array<{ code: string; message: string; row?: number }>; inputs: Array<{ rows: number }> };

describe('no output over any input', () => {
  const cases: Array<[string, (dir: string) => string[], string]> = [
    ['annual -o = --roster', (d) => ['annual', RATINGS, '--year', '2025', '--roster', join(d, 'roster.xlsx'), '-o', join(d, 'roster.xlsx')], 'roster.xlsx'],
    ['check-staffing -o = --roster', (d) => ['check-staffing', CENTERS, '--roster', join(d, 'roster.xlsx'), '--as-of', '2025-06-30', '-o', join(d, 'roster.xlsx')], 'roster.xlsx'],
    ['payroll -o = --policy', (d) => ['payroll', ROSTER, '--month', '2025-06', '--policy', join(d, 'policy.yaml'), '-o', join(d, 'policy.yaml')], 'policy.yaml'],
    ['-o through ./ and ..', (d) => ['annual', RATINGS, '--year', '2025', '--roster', join(d, 'roster.xlsx'), '-o', `${d}/./sub/../roster.xlsx`], 'roster.xlsx'],
    ['-o is a symlink to the roster', (d) => ['check-staffing', CENTERS, '--roster', join(d, 'roster.xlsx'), '--as-of', '2025-06-30', '-o', join(d, 'link.xlsx')], 'roster.xlsx'],
  ];
  it.each(cases)('%s: refused, the file untouched', (_name, args, victim) => {
    const dir = tmp(`over-${_name.replace(/\W+/g, '-')}`);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    copyFileSync(ROSTER, join(dir, 'roster.xlsx'));
    writeFileSync(join(dir, 'policy.yaml'), readFileSync(`${ROOT}policy/sucheng-2024-26.yaml`));
    symlinkSync(join(dir, 'roster.xlsx'), join(dir, 'link.xlsx'));
    const before = readFileSync(join(dir, victim));
    refused(cli(args(dir)), /与输入文件 .* 相同，为防止覆盖原始数据已停止/);
    expect(readFileSync(join(dir, victim)).equals(before)).toBe(true);
  });
});

describe('every row is paid or listed', () => {
  it('a CSV with a CRLF header and LF rows: every row read, none merged', () => {
    const file = tmp('mixed-eol.csv');
    writeFileSync(file, `${HEADER}\r\n${[row(1), row(2), row(3)].join('\n')}\n`);
    const r = cli(['payroll', file, '--month', '2025-06', '--json', '-q']);
    const out = json(r);
    expect(out.inputs[0]!.rows).toBe(3);
    expect(out.clerks.map((c) => c.staffId)).toEqual(['E1', 'E2', 'E3']);
    expect(out.clerks.length + out.excluded.length).toBe(3);
  });

  it('a zip holding two parts of one name is refused (Excel reads one, a reader could pay the other)', async () => {
    const file = tmp('twin.xlsx');
    const parts = Object.entries(workbookParts(`<worksheet><sheetData>${HEADER_ROW}</sheetData></worksheet>`));
    const paid = `<worksheet><sheetData>${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>冒名</t></is></c><c r="B2" t="inlineStr"><is><t>耿车镇便民服务中心</t></is></c><c r="C2" t="inlineStr"><is><t>本科</t></is></c><c r="D2" t="inlineStr"><is><t>2020-01-01</t></is></c></row></sheetData></worksheet>`;
    await writeZip(file, [...parts, ['xl/worksheets/sheet1.xml', paid]]);
    refused(cli(['payroll', file, '--month', '2025-06']), /twin\.xlsx 中有两个同名的部分 xl\/worksheets\/sheet1\.xml/);
  });
});

/** Runs the CLI under a file-size limit: every write past it fails with EFBIG, as a full disk would. */
function withFileLimit(kb: number, args: string[], env: Record<string, string>) {
  const r = spawnSync('bash', ['-c', `ulimit -f ${kb}; exec "$0" "$@"`, process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

describe('a full disk while writing', () => {
  const input = tmp('twenty-thousand.csv');
  beforeAll(() => writeFileSync(input, rosterOf(20_000)));

  it.each(['xlsx', 'csv', 'json'])('-o .%s: exit 2 naming the folder, no temporary file, no spool', (ext) => {
    const out = tmp(`full-${ext}`);
    const spool = tmp(`full-${ext}-spool`);
    mkdirSync(out);
    mkdirSync(spool);
    const r = withFileLimit(200, ['payroll', input, '--month', '2025-06', '-o', join(out, `a.${ext}`), '-q'], { TMPDIR: spool });
    refused(r, new RegExp(`无法写入 .*a\\.${ext}：文件夹 .*full-${ext} 所在的磁盘空间不足（EFBIG）`));
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('the spool\'s folder full: exit 2 naming it, nothing left there', () => {
    const spool = tmp('spool-full');
    mkdirSync(spool);
    const r = withFileLimit(100, ['payroll', input, '--month', '2025-06', '--json', '-q'], { TMPDIR: spool, GOV_CLERK_SPOOL_ROWS: '0' });
    refused(r, /临时文件夹 .*spool-full 暂存数据，但该文件夹空间不足（EFBIG）/);
    expect(readdirSync(spool)).toEqual([]);
  });

  // A real ENOSPC on a small tmpfs, written on the writing thread (the roster is on disk).
  // Mounting needs root, which CI and the developers' machines are (env README).
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('on the writing thread (ENOSPC on a 1 MB tmpfs): exit 2, nothing left, no hang', () => {
    const out = tmp('tmpfs');
    const spool = tmp('tmpfs-spool');
    mkdirSync(out);
    mkdirSync(spool);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', out]).status).toBe(0);
    try {
      const r = cli(['payroll', input, '--month', '2025-06', '-o', join(out, 'b.xlsx'), '-q'], { TMPDIR: spool, GOV_CLERK_SPOOL_ROWS: '0' });
      refused(r, /无法写入 .*b\.xlsx：文件夹 .*tmpfs 所在的磁盘空间不足（ENOSPC）/);
      expect(readdirSync(out)).toEqual([]);
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      spawnSync('umount', [out]);
    }
  });

  it('--json to a full stdout: exit 2 with a sentence', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'payroll', input, '--month', '2025-06', '--json', '-q'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      refused({ code: r.status ?? -1, stderr: r.stderr }, /无法写入标准输出（ENOSPC）/);
    } finally {
      closeSync(full);
    }
  });
});

describe('signals remove what holds roster data', () => {
  /**
   * Starts a payroll, waits (by polling the file system, not by a clock) until `seen` finds the
   * file that must be removed, freezes the process there with SIGSTOP, checks the file is still
   * there, sends `signal` and lets it run. A run that finished before it was frozen is tried
   * again on a roster twice as large, so the assertion is always reached.
   */
  async function interrupt(signal: NodeJS.Signals, seen: (dirs: { out: string; spool: string }) => boolean, name: string) {
    for (let rows = 40_000; rows <= 320_000; rows *= 2) {
      const base = tmp(`${name}-${rows}`);
      const dirs = { out: join(base, 'out'), spool: join(base, 'spool') };
      mkdirSync(dirs.out, { recursive: true });
      mkdirSync(dirs.spool);
      const input = join(base, 'roster.csv');
      writeFileSync(input, rosterOf(rows));
      const child = spawn(process.execPath, [BIN, 'payroll', input, '--month', '2025-06', '-o', join(dirs.out, 'p.xlsx'), '-q'], {
        stdio: 'ignore',
        env: { ...process.env, TMPDIR: dirs.spool, GOV_CLERK_SPOOL_ROWS: '0' },
      });
      const exited = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
      let running = true;
      void exited.then(() => (running = false));
      while (running && !seen(dirs)) await new Promise((r) => setTimeout(r, 2));
      if (!running) continue; // finished before the file was seen: a larger roster
      child.kill('SIGSTOP');
      if (!seen(dirs)) {
        child.kill('SIGKILL');
        child.kill('SIGCONT');
        await exited;
        continue;
      }
      child.kill(signal);
      child.kill('SIGCONT');
      return { code: await exited, dirs };
    }
    throw new Error('the run always finished before it could be interrupted');
  }
  const tmpFile = (d: { out: string }) => readdirSync(d.out).some((f) => f.includes('.tmp-'));
  const spoolDir = (d: { spool: string }) => readdirSync(d.spool).some((f) => f.startsWith('gov-clerk-spool-'));

  it('Ctrl-C while the workbook is written: no partial workbook, no spool', async () => {
    const { code, dirs } = await interrupt('SIGINT', tmpFile, 'sigint');
    expect(code).toBe(130);
    expect(readdirSync(dirs.out)).toEqual([]);
    expect(readdirSync(dirs.spool)).toEqual([]);
  }, 120_000);

  it('killed (SIGKILL) while the workbook is written: the target never appears, only a .tmp- file can stay', async () => {
    const { code, dirs } = await interrupt('SIGKILL', tmpFile, 'sigkill');
    expect(code).toBe(-1); // ended by the signal: nothing of ours ran
    const left = readdirSync(dirs.out);
    expect(left.filter((f) => !f.includes('.tmp-'))).toEqual([]);
    expect(left.length).toBeLessThanOrEqual(1);
  }, 120_000);

  it.each<[NodeJS.Signals, number]>([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s while the spool holds the roster: spool removed', async (signal, exit) => {
    const { code, dirs } = await interrupt(signal, spoolDir, signal);
    expect(code).toBe(exit);
    expect(readdirSync(dirs.spool)).toEqual([]);
    expect(readdirSync(dirs.out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 120_000);
});

describe('hostile workbooks stop in bounded memory', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const deep = (tag: string) => repeated(`<${tag} ${NS}>`, '<x>', 100_000, '');
  const cases: Array<[string, Record<string, string | (() => Iterable<Buffer>)>, RegExp]> = [
    ['deep sharedStrings.xml', { 'xl/sharedStrings.xml': deep('sst') }, /sharedStrings\.xml XML 嵌套超过 64 层/],
    ['deep styles.xml', { 'xl/styles.xml': deep('styleSheet') }, /styles\.xml XML 嵌套超过 64 层/],
    ['deep workbook.xml', { 'xl/workbook.xml': deep('workbook') }, /workbook\.xml XML 嵌套超过 64 层/],
    ['300 MB of empty shared strings in 2 MB', { 'xl/sharedStrings.xml': repeated(`<sst ${NS}>`, '<si/>', 60_000_000, '</sst>') }, /共享字符串超过 \d+ 项/],
    ['10 million <row r="1">', { 'xl/worksheets/sheet1.xml': repeated(`<worksheet ${NS}><sheetData>${HEADER_ROW}`, '<row r="1"/>', 10_000_000, '</sheetData></worksheet>') }, /第 1 行出现在第 1 行之后（行号重复或倒序）/],
    [
      '1 million <sheet> declarations',
      { 'xl/workbook.xml': repeated(`<workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`, '<sheet name="s" sheetId="1" r:id="rId1"/>', 1_000_000, '</sheets></workbook>') },
      /声明了超过 1000 个工作表/,
    ],
  ];
  it.each(cases)('%s: exit 2 under 1 GiB', async (name, parts, message) => {
    const file = tmp(`${name.replace(/\W+/g, '-')}.xlsx`);
    await streamedXlsx(file, parts);
    refused(cli(['payroll', file, '--month', '2025-06'], {}, GIB), message);
  }, 120_000);

  it('two sheets over one part are refused (a thousand would read it a thousand times)', async () => {
    const file = tmp('twice.xlsx');
    const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    await streamedXlsx(file, { 'xl/workbook.xml': `<workbook xmlns:r="${R}"><sheets><sheet name="a" sheetId="1" r:id="rId1"/><sheet name="b" sheetId="2" r:id="rId1"/></sheets></workbook>` });
    refused(cli(['payroll', file, '--month', '2025-06', '--sheet', 'b']), /多个工作表指向同一部分 xl\/worksheets\/sheet1\.xml/);
  });
});

describe('the policy file is read at most a few MB', () => {
  it('--policy /dev/zero: exit 2', () => {
    refused(cli(['payroll', ROSTER, '--month', '2025-06', '--policy', '/dev/zero'], {}, GIB), /政策文件 \/dev\/zero 不是普通文件/);
  });
  it('a 5 MB policy file: exit 2', () => {
    const file = tmp('huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(5 << 20)}\n`);
    refused(cli(['payroll', ROSTER, '--month', '2025-06', '--policy', file]), /huge\.yaml 超过 4 MB/);
  });
  it('an input that is a device: exit 2', () => {
    refused(cli(['payroll', '/dev/zero', '--month', '2025-06']), /\/dev\/zero 不是普通文件/);
  });
});

describe('placeholders and duplicates cost linear time', () => {
  it('无 as the 工号 of 20,000 rows: blank with a warning, not one duplicated person', () => {
    const file = tmp('placeholder.csv');
    writeFileSync(file, csv(Array.from({ length: 20_000 }, (_, i) => row(i, { no: '无' }))));
    const out = json(cli(['payroll', file, '--month', '2025-06', '--json', '-q'], {}, GIB));
    expect(out.clerks).toHaveLength(20_000);
    expect(out.issues.filter((i) => i.code === 'PLACEHOLDER_VALUE')).toHaveLength(20_000);
    expect(out.issues.some((i) => i.code === 'DUPLICATE_STAFF')).toBe(false);
  });

  it.each(['无', '-', '0', '暂无', 'N/A'])('%s as a 身份证号 is blank with a warning', (v) => {
    const file = tmp(`id-${encodeURIComponent(v)}.csv`);
    writeFileSync(file, csv([row(1, { id: v })]));
    const out = json(cli(['payroll', file, '--month', '2025-06', '--json', '-q']));
    const codes = out.issues.map((i) => i.code);
    expect(codes).toContain('PLACEHOLDER_VALUE');
    expect(codes).not.toContain('ID_INVALID');
    expect(out.clerks).toHaveLength(1);
  });

  it('one real 工号 on 20,000 rows: each message names five rows and the count', () => {
    const file = tmp('same.csv');
    writeFileSync(file, csv(Array.from({ length: 20_000 }, (_, i) => row(i, { no: 'E1' }))));
    const out = json(cli(['payroll', file, '--month', '2025-06', '--json', '-q'], {}, GIB));
    const dups = out.issues.filter((i) => i.code === 'DUPLICATE_STAFF');
    expect(dups).toHaveLength(20_000);
    expect(dups[0]!.message).toContain('同时出现在第 2、3、4、5、6 等共 20000 行');
    expect(Math.max(...dups.map((d) => d.message.length))).toBeLessThan(120);
    expect(out.excluded).toHaveLength(20_000);
  });
});

describe('values that must not pass', () => {
  it('基本工资 1e308 (a number cell) or past a sane monthly amount: the row is not paid, nothing infinite anywhere', async () => {
    const file = tmp('huge-salary.xlsx');
    const h = HEADER.split(',');
    await writeXlsx(file, [{ name: '花名册', header: h, rows: [['E1', '甲', '', '耿车镇便民服务中心', '本科', '2020-01-01', 1e308], ['E2', '乙', '', '耿车镇便民服务中心', '本科', '2020-01-01', 99_999_999_999], ['E3', '丙', '', '耿车镇便民服务中心', '本科', '2020-01-01', 3000]] }]);
    const r = cli(['payroll', file, '--month', '2025-06', '--json', '-q']);
    expect(r.stdout).not.toMatch(/Infinity/);
    const out = json(r);
    expect(Object.values((out as unknown as { totals: Record<string, number> }).totals)).toEqual([1, 0, 0, 100, 100, 3000, 3100]);
    expect(out.excluded.map((e) => [e.row, e.codes])).toEqual([
      [2, ['VALUE_INVALID']],
      [3, ['VALUE_INVALID']],
    ]);
    expect(out.clerks.map((c) => c.staffId)).toEqual(['E3']);
  });

  it('a policy amount of 1e308: exit 2 naming the key', () => {
    const file = tmp('policy-huge.yaml');
    writeFileSync(file, readFileSync(`${ROOT}policy/sucheng-2024-26.yaml`, 'utf8').replace(/"4": 150/, '"4": 1e308'));
    expect(readFileSync(file, 'utf8')).toContain('1e308');
    refused(cli(['payroll', ROSTER, '--month', '2025-06', '--policy', file]), /skill_allowance\.values\.0\.value\.4 应不大于 1000000/);
  });

  it('zero-width and other invisible characters do not hide a duplicate', () => {
    const file = tmp('invisible.csv');
    writeFileSync(file, csv([row(1, { no: 'E001' }), row(2, { no: 'E\u200b001' }), row(3, { no: '', name: '赵六' }), row(4, { no: '', name: '赵\u200b六' }), row(5, { no: 'E\u00a0\ufeff5' })]));
    const out = json(cli(['payroll', file, '--month', '2025-06', '--json', '-q']));
    const dups = out.issues.filter((i) => i.code === 'DUPLICATE_STAFF').map((i) => i.row);
    expect(dups).toEqual([2, 3, 4, 5]);
    expect(out.issues.filter((i) => i.code === 'INVISIBLE_CHARS').map((i) => i.row)).toEqual([3, 5, 6]);
    expect(out.clerks.map((c) => c.staffId)).toEqual(['E 5']);
  });

  it('escape sequences in cells never reach the terminal raw', () => {
    const file = tmp('escape.csv');
    const evil = '\u001b[2J\u001b]0;pwned\u0007\u001b[8m';
    // A duplicated 工号 (an error printed with its value) and a paid row's centre (the summary table).
    writeFileSync(file, `${HEADER}\nE${evil},赵一,,耿车镇便民服务中心,本科,2020-01-01,\nE${evil},赵二,,耿车镇便民服务中心,本科,2020-01-01,\nE3,钱,,${evil}镇便民服务中心,本科,2020-01-01,\n`);
    const r = cli(['payroll', file, '--month', '2025-06', '-o', tmp('escape.xlsx')]);
    expect(r.stderr).toContain('\\u001b[2J');
    expect(r.stderr.match(/\\u001b\[2J/g)!.length).toBeGreaterThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\u001b|\u0007/);
    const explained = cli(['payroll', file, '--month', '2025-06', '--explain', 'E3']);
    expect(explained.stdout).toContain('\\u001b]0;pwned\\u0007');
    expect(explained.stdout + explained.stderr).not.toMatch(/\u001b|\u0007/);
  });
});

describe('ID numbers typed anywhere are masked', () => {
  const file = tmp('id-everywhere.csv');
  const masked = `${ID.slice(0, 6)}********${ID.slice(-4)}`;
  beforeAll(() => {
    // An ID in the 工号 column (twice: a duplicate), in the 姓名 column, and a bad date.
    writeFileSync(file, csv([row(1, { no: ID }), row(2, { no: ID }), row(3, { name: `王${ID}` }), row(4, { no: ID.slice(0, 17) + '9' })]).replace(/2020-01-01,\n$/, `${ID},\n`));
  });

  it('on the terminal, always (messages, summary, --explain)', () => {
    const r = cli(['payroll', file, '--month', '2025-06', '-o', tmp('plain.xlsx')]);
    expect(r.stderr).toContain(masked);
    expect(r.stderr).not.toContain(ID);
    expect(r.stderr).not.toContain(ID.slice(0, 17) + '9');
    const e = cli(['payroll', file, '--month', '2025-06', '--explain', `王${ID}`]);
    expect(e.stdout + e.stderr).not.toContain(ID);
  });

  it.each(['xlsx', 'csv', 'json'])('in every cell of a .%s with --mask-id', async (ext) => {
    const out = tmp(`masked.${ext}`);
    const r = cli(['payroll', file, '--month', '2025-06', '--mask-id', '-o', out]);
    expect(r.code).toBe(1);
    let text: string;
    if (ext === 'xlsx') {
      const zip = await JSZip.loadAsync(readFileSync(out));
      text = (await Promise.all(Object.values(zip.files).map((f) => f.async('string')))).join('\n');
    } else text = readFileSync(out, 'utf8');
    expect(text).toContain(masked);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(ID.slice(0, 17) + '9');
  });

  it('and left as typed without --mask-id (files are the office\'s own records)', () => {
    const out = tmp('unmasked.json');
    cli(['payroll', file, '--month', '2025-06', '-o', out]);
    expect(readFileSync(out, 'utf8')).toContain(ID);
  });
});
