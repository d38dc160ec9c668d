// The test loops stay what README 开发 says (issue 25): `npm run test:fast` spawns nothing (a new
// test file that runs the CLI must be listed as slow in scripts/test.mjs), and CI still runs
// everything, the single-file builds included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { PACKAGE, SLOW, TZ_UNITS } from '../../scripts/test.mjs';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.test.ts') ? [join(dir, d.name)] : []));
}

const TESTS = files(join(ROOT, 'test')).map((f) => relative(ROOT, f));
const matches = (glob: string, file: string) => (glob.endsWith('/**') ? file.startsWith(glob.slice(0, -2)) : file === glob);
const slow = (file: string) => SLOW.some((g: string) => matches(g, file));
/** Starts a process or a thread: the CLI (helpers/cli.js), node, a shell, a worker. */
const SPAWNS = /\b(?:spawnSync|spawn|execFileSync|execFile|execSync|fork|cli|cliModules)\s*\(|new Worker\s*\(/;

describe('the test loops', () => {
  it('test:fast runs no file that starts a process or a thread', () => {
    const spawning = TESTS.filter((f) => SPAWNS.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(spawning.length).toBeGreaterThan(5); // the check sees the end-to-end tests
    expect(spawning.filter((f) => !slow(f))).toEqual([]);
  });

  it('test:fast still has the rules, values, cases and properties', () => {
    const fast = TESTS.filter((f) => !slow(f));
    for (const dir of ['test/rules/', 'test/schema/', 'test/cases/']) expect(fast.some((f) => f.startsWith(dir)), dir).toBe(true);
    expect(fast).toContain('test/properties.test.ts');
    expect(fast).toContain('test/house/time-zone.test.ts');
  });

  it('the second time zone reruns units that exist, and no file that spawns', () => {
    for (const t of TZ_UNITS) expect(TESTS.some((f) => f.startsWith(t)), t).toBe(true);
    expect(TESTS.filter((f) => TZ_UNITS.some((t: string) => f.startsWith(t)) && slow(f))).toEqual([]);
  });

  it('CI runs everything: npm test, then the single-file builds', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test:fast']).toBe('node scripts/test.mjs --fast');
    expect(pkg.scripts['test:package']).toMatch(/npm run build && node scripts\/test\.mjs --package/);
    expect(PACKAGE.every((g: string) => TESTS.some((f) => matches(g, f)))).toBe(true);
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
    expect(ci).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npm run test:package']));
  });
});
