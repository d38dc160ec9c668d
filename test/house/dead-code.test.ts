// No code that only its tests use (issue 25 found changesBetween and isoMonth kept alive so):
// every function, constant or class src/ exports is used by src/ itself (another module, or its
// own module besides the declaration) or by the build and bench scripts. A test of an internal
// function may import it; a function nothing but tests calls is removed, or moves into the test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** Exports that exist for a test on purpose, and why. */
const FOR_TESTS: Record<string, string> = {
  'src/report/exceljs-internals.ts:EXCELJS_VERSION': 'the exceljs version the hooks were written for: the test compares it with package.json and the installed copy',
};

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), ext) : ext.test(d.name) ? [join(dir, d.name)] : []));
}

const SRC = files(join(ROOT, 'src'), /\.ts$/).map((f) => [relative(ROOT, f), readFileSync(f, 'utf8')] as const);
const TOOLS = [...files(join(ROOT, 'scripts'), /\.(mjs|ts)$/), ...files(join(ROOT, 'bench'), /\.ts$/)].map((f) => readFileSync(f, 'utf8')).join('\n');

/** `file:name` of each exported function, constant or class that only tests could be using. */
export function unusedExports(sources: ReadonlyArray<readonly [string, string]>, tools = ''): string[] {
  const out: string[] = [];
  for (const [file, text] of sources) {
    for (const m of text.matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)) {
      const name = m[1]!;
      const uses = (t: string) => t.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
      const used = sources.some(([other, t]) => uses(t) > (other === file ? 1 : 0)) || uses(tools) > 0;
      if (!used) out.push(`${file}:${name}`);
    }
  }
  return out;
}

describe('dead code', () => {
  it('src/ exports nothing that only tests use', () => {
    expect(unusedExports(SRC, TOOLS).filter((e) => !(e in FOR_TESTS))).toEqual([]);
  });
  it('sees an export only a test calls', () => {
    const planted = [...SRC, ['src/rules/planted.ts', 'export function changesBetween() {}\nexport const used = 1;'] as const, ['src/rules/user.ts', "import { used } from './planted.js';"] as const];
    expect(unusedExports(planted, TOOLS)).toContain('src/rules/planted.ts:changesBetween');
    expect(unusedExports(planted, TOOLS)).not.toContain('src/rules/planted.ts:used');
  });
  it('keeps its list of deliberate exceptions current', () => {
    const unused = unusedExports(SRC, TOOLS);
    for (const e of Object.keys(FOR_TESTS)) expect(unused, e).toContain(e);
  });
});
