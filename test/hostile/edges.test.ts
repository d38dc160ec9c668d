// Issue 24.2, 24.4-24.7: the new surfaces as hard as the old. Pipes named as any input, outputs
// that cannot be files, permissions of what holds IDs, a file changed under the read, folders
// and --history read honestly. Each case names what the user must see: exit code and sentence.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';

const BIN = `${ROOT}bin/gov-clerk.cjs`;
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;
const CENTERS = `${ROOT}fixtures/centers.xlsx`;
const POLICY = `${ROOT}policy/sucheng-2024-26.yaml`;

// World-readable, so that a run as `nobody` (setpriv) can reach what it is allowed to.
const DIR = mkdtempSync(join(tmpdir(), 'gov-clerk-edges-'));
chmodSync(DIR, 0o755);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const tmp = (name: string) => join(DIR, name);

/** One Chinese sentence and exit 2, never a stack or an internal error. */
function refused(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |内部错误/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}

/** Runs the CLI through bash (umask, ulimit): `prefix` runs first; `runner` (setpriv …) runs node. */
function shell(prefix: string, args: string[], runner = '') {
  const r = spawnSync('bash', ['-c', `${prefix} exec ${runner} "$0" "$@"`, process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

describe('a FIFO named as any input is refused at once (issue 24.2)', () => {
  const fifo = (name: string) => {
    const p = tmp(name);
    expect(spawnSync('mkfifo', [p]).status).toBe(0);
    return p;
  };
  let xlsx: string, csv: string, yaml: string, folder: string;
  beforeAll(() => {
    xlsx = fifo('pipe.xlsx');
    csv = fifo('pipe.csv');
    yaml = fifo('pipe.yaml');
    folder = tmp('pipe-folder');
    mkdirSync(folder);
    copyFileSync(RATINGS, join(folder, 'a.csv'));
    expect(spawnSync('mkfifo', [join(folder, 'b.csv')]).status).toBe(0);
  });
  const notRegular = /不是普通文件/;
  it.each<[string, () => string[]]>([
    ['payroll roster', () => ['payroll', xlsx, '--month', '2025-06']],
    ['payroll roster (csv)', () => ['payroll', csv, '--month', '2025-06']],
    ['budget roster', () => ['budget', csv, '--year', '2026']],
    ['check-roster roster', () => ['check-roster', xlsx, '--as-of', '2025-06-30']],
    ['annual ratings', () => ['annual', csv, '--year', '2025']],
    ['annual ratings in a folder', () => ['annual', folder, '--year', '2025']],
    ['annual --roster', () => ['annual', RATINGS, '--year', '2025', '--roster', xlsx]],
    ['annual --history', () => ['annual', RATINGS, '--year', '2025', '--history', xlsx]],
    ['payroll --previous', () => ['payroll', ROSTER, '--month', '2025-06', '--previous', xlsx]],
    ['payroll --policy', () => ['payroll', ROSTER, '--month', '2025-06', '--policy', yaml]],
    ['policy show --policy', () => ['policy', 'show', '--policy', yaml]],
    ['policy test cases', () => ['policy', 'test', yaml]],
    ['check-staffing centres', () => ['check-staffing', xlsx, '--as-of', '2025-06-30']],
    ['check-staffing --roster', () => ['check-staffing', CENTERS, '--roster', csv, '--as-of', '2025-06-30']],
  ])('%s: exit 2, one sentence', (_name, args) => {
    // The time limit is a safety net for a regression (it would hang), not the assertion.
    const r = spawnSync(process.execPath, [BIN, ...args()], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000, killSignal: 'SIGKILL' });
    refused({ code: r.status ?? -1, stderr: r.stderr }, notRegular);
  });
});

describe('an output that cannot be a file: one sentence before the work (issue 24.4)', () => {
  let folder: string;
  beforeAll(() => {
    folder = tmp('existing-folder');
    mkdirSync(folder);
    writeFileSync(tmp('a-file'), 'x');
  });
  const commands: Array<[string, string[]]> = [
    ['payroll', ['payroll', ROSTER, '--month', '2025-06']],
    ['payroll range', ['payroll', ROSTER, '--month', '2025-05..2025-06']],
    ['budget', ['budget', ROSTER, '--year', '2026']],
    ['annual', ['annual', RATINGS, '--year', '2025']],
    ['check-staffing', ['check-staffing', CENTERS, '--as-of', '2025-06-30']],
    ['check-roster', ['check-roster', ROSTER, '--as-of', '2025-06-30']],
  ];
  const cases = commands.flatMap(([name, args]) => ['xlsx', 'csv', 'json'].map((ext): [string, string, string[]] => [name, ext, args]));
  it.each(cases)('%s -o <folder>.%s', (_name, ext, args) => {
    const out = join(folder, `dir.${ext}`);
    mkdirSync(out, { recursive: true });
    refused(cli([...args, '-o', out, '-q']), new RegExp(`无法写入 .*dir\\.${ext}：已有同名的文件夹`));
    expect(readdirSync(folder).sort()).toEqual(readdirSync(folder).filter((n) => !n.includes('.tmp-')).sort());
  });
  it.each(cases)('%s -o <a file>/x.%s', (_name, ext, args) => {
    refused(cli([...args, '-o', join(tmp('a-file'), `x.${ext}`), '-q']), /a-file 是一个文件，不是文件夹/);
  });
  it('template -o <folder>, policy init <folder>', () => {
    mkdirSync(tmp('t.xlsx'));
    refused(cli(['template', 'roster', '-o', tmp('t.xlsx'), '--force']), /已有同名的文件夹/);
    mkdirSync(tmp('p.yaml'));
    refused(cli(['policy', 'init', tmp('p.yaml'), '--force']), /已有同名的文件夹/);
  });

  // Tests run as root, who reads everything: the unreadable case runs as nobody (setpriv).
  const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDrop)('an unreadable folder or file (as nobody): one sentence naming it, not "内部错误：EACCES"', () => {
    const locked = tmp('locked');
    mkdirSync(locked);
    copyFileSync(RATINGS, join(locked, 'a.csv'));
    const secret = tmp('secret.csv');
    copyFileSync(RATINGS, secret);
    chmodSync(locked, 0o700);
    chmodSync(secret, 0o600);
    const nobody = 'setpriv --reuid=65534 --regid=65534 --clear-groups';
    refused(shell('', ['annual', locked, '--year', '2025', '-q'], nobody), /没有权限读取月度考核表 .*locked（EACCES）/);
    refused(shell('', ['annual', join(locked, 'a.csv'), '--year', '2025', '-q'], nobody), /没有权限读取月度考核表 .*locked\/a\.csv（EACCES）/);
    refused(shell('', ['annual', secret, '--year', '2025', '-q'], nobody), /没有权限读取文件 .*secret\.csv（EACCES）/);
    refused(shell('', ['payroll', secret, '--month', '2025-06', '-q', '-o', tmp('x.xlsx')], nobody), /没有权限读取文件 .*secret\.csv（EACCES）/);
    refused(shell('', ['payroll', ROSTER, '--month', '2025-06', '-q', '-o', join(locked, 'out.xlsx')], nobody), /无法写入 .*out\.xlsx（EACCES）/);
  });
  it('a path through a file (ENOTDIR) as an input: one sentence', () => {
    refused(cli(['annual', join(tmp('a-file'), 'x.csv'), '--year', '2025', '-q']), /路径中的 .*a-file 是文件而不是文件夹/);
    refused(cli(['payroll', join(tmp('a-file'), 'x.xlsx'), '--month', '2025-06', '-q']), /路径中的 .*a-file 是文件而不是文件夹/);
  });
});

describe('outputs holding 身份证号 are readable by their owner only (issue 24.5)', () => {
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
  const commands: Array<[string, string[]]> = [
    ['payroll', ['payroll', ROSTER, '--month', '2025-06']],
    ['payroll range', ['payroll', ROSTER, '--month', '2025-05..2025-06']],
    ['budget', ['budget', ROSTER, '--year', '2026']],
    ['annual --roster', ['annual', RATINGS, '--year', '2025', '--roster', ROSTER]],
    ['check-staffing --roster', ['check-staffing', CENTERS, '--roster', ROSTER, '--as-of', '2025-06-30']],
    ['check-roster', ['check-roster', ROSTER, '--as-of', '2025-06-30']],
  ];
  const cases = commands.flatMap(([name, args]) => ['xlsx', 'csv', 'json'].map((ext): [string, string, string[]] => [name, ext, args]));
  it.each(cases)('%s -o .%s at umask 022: 0600; with --mask-id 0644', (name, ext, args) => {
    const out = tmp(`mode-${name.replace(/\W+/g, '-')}.${ext}`);
    expect(shell('umask 022;', [...args, '-o', out, '-q']).code).toBeLessThan(2);
    expect(mode(out)).toBe('600');
    const masked = tmp(`mode-${name.replace(/\W+/g, '-')}-masked.${ext}`);
    expect(shell('umask 022;', [...args, '-o', masked, '-q', '--mask-id']).code).toBeLessThan(2);
    expect(mode(masked)).toBe('644');
  });
  it('the IDs are there unmasked (what the mode protects)', () => {
    const out = tmp('ids.csv');
    cli(['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q']);
    expect(readFileSync(out, 'utf8')).toMatch(/\d{17}[\dX]/);
  });
  it('re-running onto a file the user made stricter keeps it; a wider one is narrowed', () => {
    const out = tmp('kept.xlsx');
    writeFileSync(out, 'old');
    chmodSync(out, 0o600);
    expect(shell('umask 022;', ['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q', '--mask-id']).code).toBeLessThan(2);
    expect(mode(out)).toBe('600');
    chmodSync(out, 0o640);
    expect(shell('umask 022;', ['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q', '--mask-id']).code).toBeLessThan(2);
    expect(mode(out)).toBe('640');
    chmodSync(out, 0o666);
    expect(shell('umask 000;', ['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q']).code).toBeLessThan(2);
    expect(mode(out)).toBe('600');
  });
  it('what holds no personal data follows the umask (template, policy init)', () => {
    expect(shell('umask 022;', ['template', 'roster', '-o', tmp('tpl.xlsx')]).code).toBe(0);
    expect(mode(tmp('tpl.xlsx'))).toBe('644');
    expect(shell('umask 027;', ['policy', 'init', tmp('pi.yaml')]).code).toBe(0);
    expect([mode(tmp('pi.yaml')), mode(tmp('pi.cases.yaml'))]).toEqual(['640', '640']);
  });
});

describe('policy init writes the pair or neither (issue 24.6)', () => {
  it('the cases failing to write (a full disk) leaves no policy without its cases', () => {
    const dir = tmp('init-full');
    mkdirSync(dir);
    // The policy (~10 KB) fits under 12 KB, its cases (~19 KB) do not.
    expect(readFileSync(POLICY).length).toBeLessThan(12 * 1024);
    const r = shell('ulimit -f 12;', ['policy', 'init', join(dir, '本地.yaml')]);
    refused(r, /无法写入 .*本地\.cases\.yaml：.*磁盘空间不足/);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('over an existing pair (--force): a failure leaves the old pair as it was', () => {
    const dir = tmp('init-force');
    mkdirSync(dir);
    writeFileSync(join(dir, 'p.yaml'), 'old policy');
    writeFileSync(join(dir, 'p.cases.yaml'), 'old cases');
    refused(shell('ulimit -f 12;', ['policy', 'init', join(dir, 'p.yaml'), '--force']), /磁盘空间不足/);
    expect(readdirSync(dir).sort()).toEqual(['p.cases.yaml', 'p.yaml']);
    expect([readFileSync(join(dir, 'p.yaml'), 'utf8'), readFileSync(join(dir, 'p.cases.yaml'), 'utf8')]).toEqual(['old policy', 'old cases']);
  });
});

describe('folders and --history read honestly (issue 24.7)', () => {
  /** The sample's ratings split into two centres' files (header line kept in each). */
  function splitRatings(dir: string): [string, string] {
    const lines = readFileSync(RATINGS).toString('latin1').split('\n');
    const head = lines.slice(0, 2);
    const body = lines.slice(2).filter((l) => l.trim());
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, Buffer.from([...head, ...body.slice(0, 20)].join('\n') + '\n', 'latin1'));
    writeFileSync(b, Buffer.from([...head, ...body.slice(20)].join('\n') + '\n', 'latin1'));
    return [a, b];
  }
  const people = (r: { stdout: string }) => (JSON.parse(r.stdout) as { clerks: unknown[] }).clerks.length;

  it('a symlinked file in a folder is read as the file it points to', () => {
    const store = tmp('store');
    const folder = tmp('with-link');
    mkdirSync(store);
    mkdirSync(folder);
    const [a, b] = splitRatings(store);
    copyFileSync(a, join(folder, 'a.csv'));
    symlinkSync(b, join(folder, 'b.csv'));
    const all = people(cli(['annual', RATINGS, '--year', '2025', '--json', '-q']));
    const r = cli(['annual', folder, '--year', '2025', '--json', '-q']);
    expect(people(r)).toBe(all);
    expect((JSON.parse(r.stdout) as { inputs: unknown[] }).inputs).toHaveLength(2);
  });
  it('a symlink pointing nowhere is said, not skipped', () => {
    const folder = tmp('dangling');
    mkdirSync(folder);
    splitRatings(folder);
    symlinkSync(tmp('no-such.csv'), join(folder, 'c.csv'));
    refused(cli(['annual', folder, '--year', '2025', '-q']), /c\.csv 是一个符号链接（快捷方式），但它指向的文件不存在/);
  });
  it('a file name that is not UTF-8 (GBK from Windows) is said with its name', () => {
    const folder = tmp('gbk-name');
    mkdirSync(folder);
    copyFileSync(RATINGS, Buffer.concat([Buffer.from(`${folder}/`), Buffer.from([0xb9, 0xa2, 0xb3, 0xb5]), Buffer.from('.csv')])); // 耿车 in GBK
    refused(cli(['annual', folder, '--year', '2025', '-q']), /文件“耿车\.csv”的文件名不是 UTF-8 编码/);
  });

  describe('gov-clerk outputs, whatever they are called', () => {
    let xlsx: string, csv: string;
    beforeAll(() => {
      xlsx = tmp('annual-out.xlsx');
      csv = tmp('annual-out.csv');
      expect(cli(['annual', RATINGS, '--year', '2025', '-o', xlsx, '-q']).code).toBeLessThan(2);
      expect(cli(['annual', RATINGS, '--year', '2025', '-o', csv, '-q']).code).toBeLessThan(2);
    });
    it.each([['xlsx'], ['csv']])('an annual output (.%s) renamed 2024年度考核 in a folder is left out, and said', (ext) => {
      const folder = tmp(`renamed-${ext}`);
      mkdirSync(folder);
      copyFileSync(RATINGS, join(folder, 'ratings.csv'));
      copyFileSync(ext === 'xlsx' ? xlsx : csv, join(folder, `2024年度考核.${ext}`));
      const r = cli(['annual', folder, '--year', '2025', '--json']);
      expect(r.stderr).toMatch(new RegExp(`跳过 .*2024年度考核\\.${ext}：这是 gov-clerk 生成的输出`));
      expect((JSON.parse(r.stdout) as { inputs: Array<{ path: string }> }).inputs.map((i) => i.path)).toEqual([join(folder, 'ratings.csv')]);
    });
    it('with its 政策参数 sheet deleted, still known by its own sheets', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      wb.removeWorksheet(wb.getWorksheet('政策参数')!.id);
      const folder = tmp('renamed-no-params');
      mkdirSync(folder);
      copyFileSync(RATINGS, join(folder, 'ratings.csv'));
      await wb.xlsx.writeFile(join(folder, '2024年度考核.xlsx'));
      const r = cli(['annual', folder, '--year', '2025', '--json']);
      expect(r.stderr).toMatch(/跳过 .*2024年度考核\.xlsx：这是 gov-clerk 生成的输出/);
      expect((JSON.parse(r.stdout) as { inputs: unknown[] }).inputs).toHaveLength(1);
    });
    it('named as ratings, it is refused', () => {
      const renamed = tmp('2024年度考核.xlsx');
      copyFileSync(xlsx, renamed);
      refused(cli(['annual', renamed, '--year', '2025', '-q']), /2024年度考核\.xlsx 是 gov-clerk 生成的输出文件，不是月度考核表/);
    });
  });

  describe('--history', () => {
    let history2024: string;
    beforeAll(() => {
      const ratings2024 = tmp('ratings-2024.csv');
      const text = iconvGbk(readFileSync(RATINGS)).replace(/2025/g, '2024');
      writeFileSync(ratings2024, text, 'utf8');
      history2024 = tmp('history-2024.xlsx');
      expect(cli(['annual', ratings2024, '--year', '2024', '-o', history2024, '-q']).code).toBeLessThan(2);
    });
    it('one 工号 listed twice is refused, as --previous refuses it', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(history2024);
      const ws = wb.getWorksheet('年度考核')!;
      let e001: ExcelJS.CellValue[] | undefined;
      ws.eachRow((row) => {
        if (row.getCell(1).value === 'E001') e001 = (row.values as ExcelJS.CellValue[]).slice(1);
      });
      ws.addRow(e001!);
      const dup = tmp('history-dup.xlsx');
      await wb.xlsx.writeFile(dup);
      refused(cli(['annual', RATINGS, '--year', '2025', '--history', dup, '-q']), /历史年度考核表 history-dup\.xlsx 第 \d+ 行和第 \d+ 行是同一人（工号 E001）/);
      expect(cli(['annual', RATINGS, '--year', '2025', '--history', history2024, '-q']).code).toBeLessThan(2);
    });
    it.each<[string, Buffer, RegExp]>([
      ['encrypted.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), /设置了打开密码/],
      ['old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), /Excel 97-2003 \(\.xls\)/],
      ['empty.xlsx', Buffer.alloc(0), /是空文件（0 字节）/],
      ['text.xlsx', Buffer.from('工号,姓名\nE001,张伟\n'), /看起来是 CSV 文本/],
    ])('%s: its real reason, not "不是 gov-clerk 生成的"', (name, bytes, reason) => {
      const p = tmp(name);
      writeFileSync(p, bytes);
      const r = cli(['annual', RATINGS, '--year', '2025', '--history', p, '-q']);
      refused(r, reason);
      expect(r.stderr).not.toMatch(/不是 gov-clerk/);
    });
  });
});

/** The fixture is GBK (as WPS saves it): its text, to rewrite the year in. */
function iconvGbk(bytes: Buffer): string {
  return new TextDecoder('gbk').decode(bytes);
}
