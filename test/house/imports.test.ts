// The house rules that keep the code a newcomer can read in ten minutes: no module imports
// itself back (static, dynamic or type-only), and the layers point one way
// (cli → report → rules → schema → io), so a rule never reaches for a file or a terminal.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every relative module a source file imports: `import … from`, `export … from`, `import('…')`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));
const name = (f: string) => relative(SRC, f);

/** Each cycle once, as the path around it. */
function cycles(): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') {
        const loop = stack.slice(stack.indexOf(g)).map(name);
        const start = loop.indexOf([...loop].sort()[0]!);
        found.add([...loop.slice(start), ...loop.slice(0, start)].join(' → '));
      } else if (!state.has(g) && graph.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return [...found].sort();
}

describe('imports', () => {
  it('form no cycle', () => expect(cycles()).toEqual([]));

  // Lower layers never import higher ones. (policy/ and issues/ are shared vocabulary.)
  const LAYER: Record<string, number> = { app: 5, cli: 5, cases: 4, report: 3, rules: 2, schema: 1, io: 0 };
  it('point down the layers: cli → report → rules → schema → io', () => {
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      const from = LAYER[name(f).split('/')[0]!];
      for (const d of deps) {
        const to = LAYER[name(d).split('/')[0]!];
        if (from !== undefined && to !== undefined && to > from) wrong.push(`${name(f)} → ${name(d)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
