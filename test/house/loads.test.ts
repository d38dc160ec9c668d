// Issue 15, fast start: a command loads what it needs and no more. Payroll with the built-in
// policy parses no YAML and runs no schema library (the build checked the policy), and writes
// its workbook with exceljs's streaming writer alone, not the whole library; --help loads no
// command's work. Run on the compiled modules (dist/), whose every import a loader hook sees.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

/** The module URLs a run of main(args) resolves, in the compiled CLI. */
function modulesLoadedBy(args: string[]): string[] {
  const log = tmp(`loaded-${args[0]}.txt`);
  writeFileSync(log, '');
  const hooks = tmp('hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  const main = pathToFileURL(`${ROOT}dist/cli/main.js`).href;
  const script = `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const { main } = await import(${JSON.stringify(main)});
process.exitCode = await main(['node', 'gov-clerk', ...${JSON.stringify(args)}]);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.stderr).not.toMatch(/Error/);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('what a command loads', () => {
  it('payroll with the built-in policy: no YAML, no zod, only the streaming workbook writer of exceljs', () => {
    const loaded = modulesLoadedBy(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', tmp('p.xlsx')]);
    expect(loaded.some((u) => u.includes('/dist/rules/payroll'))).toBe(true); // the hook saw the run
    expect(loaded.some((u) => u.includes('/exceljs/lib/stream/xlsx/workbook-writer.js'))).toBe(true);
    expect(loaded.filter((u) => /\/node_modules\/(zod|yaml)\/|\/exceljs\/lib\/exceljs\.nodejs\.js|\/dist\/policy\/load\.js/.test(u))).toEqual([]);
  });

  it('payroll with a policy file of the user: checked in full (YAML and the schema)', () => {
    const policy = tmp('本地.yaml');
    writeFileSync(policy, readFileSync(`${ROOT}policy/sucheng-2024-26.yaml`));
    const loaded = modulesLoadedBy(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '--policy', policy, '-o', tmp('q.xlsx')]);
    expect(loaded.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/yaml/'))).toBe(true);
  });

  it('--help: no command’s work, no workbook library, no policy', () => {
    const loaded = modulesLoadedBy(['--help']);
    expect(loaded.some((u) => u.includes('/dist/cli/payroll.js'))).toBe(true);
    expect(loaded.filter((u) => /-run\.js$|\/exceljs\/|\/zod\/|\/yaml\/|\/dist\/policy\//.test(u))).toEqual([]);
  });

  // gov-clerk app (issue 23): its server and page are loaded by `app` alone.
  it('--help and payroll load nothing of the local page (src/cli/app, app-run)', () => {
    expect(modulesLoadedBy(['--help']).some((u) => u.includes('/dist/cli/app.js'))).toBe(true); // the command is listed
    for (const args of [['--help'], ['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', tmp('app-p.xlsx')]]) {
      expect(modulesLoadedBy(args).filter((u) => /\/dist\/cli\/app\/|\/app-run\.js$|\/echarts\/|^node:http$/.test(u))).toEqual([]);
    }
  });

  /** The builtins a run of the node CLI (the bundle) loaded. */
  function builtinsLoadedBy(args: string[]): string[] {
    const preload = tmp('builtins.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).join('\\n')));");
    const r = spawnSync(process.execPath, ['-r', preload, `${ROOT}bin/gov-clerk.cjs`, ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBeLessThan(2);
    const builtins = r.stderr.split('\n');
    expect(builtins).toContain('NativeModule vm'); // the list is the real one
    return builtins;
  }

  it('the node CLI’s --help does not load node:child_process (commander asks for it only to run other programs)', () => {
    expect(builtinsLoadedBy(['--help'])).not.toContain('NativeModule child_process');
  });

  it('the node CLI’s --help and payroll do not load node:http (only gov-clerk app serves a page)', () => {
    expect(builtinsLoadedBy(['--help'])).not.toContain('NativeModule http');
    expect(builtinsLoadedBy(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', tmp('nohttp.xlsx')])).not.toContain('NativeModule http');
  });

  it('the node CLI’s payroll on a small roster starts no thread and leaves the heap alone: no node:worker_threads, no node:v8', () => {
    const loaded = builtinsLoadedBy(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', tmp('small.xlsx')]);
    expect(loaded.filter((m) => /NativeModule (worker_threads|v8|child_process)$/.test(m))).toEqual([]);
    expect(loaded).toContain('NativeModule zlib'); // it did write the workbook
  });
});
