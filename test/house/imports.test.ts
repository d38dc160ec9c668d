// The house rules that keep the code a newcomer can read in ten minutes: no module imports
// itself back (static, dynamic or type-only), no folder imports itself back through others,
// and the layers point one way
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

/** Each cycle of `graph` once, as the path around it. */
function cyclesIn(graph: ReadonlyMap<string, Iterable<string>>, name: (node: string) => string = (n) => n): string[] {
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

/** A source file's folder under src/ (io, issues, …), or the file itself for the shared base files in src/. */
const folder = (f: string) => name(f).split('/')[0]!;

/** Which folders import which (a folder's imports of itself left out). */
function folderGraph(files: ReadonlyMap<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [f, deps] of files) {
    const from = folder(f);
    if (!out.has(from)) out.set(from, new Set());
    for (const d of deps) if (folder(d) !== from) out.get(from)!.add(folder(d));
  }
  return out;
}

describe('imports', () => {
  it('form no cycle', () => expect(cyclesIn(graph, name)).toEqual([]));

  // A loop through folders (io → issues → schema → io) is a loop of layers, even when no file
  // imports itself back: each folder must be readable knowing only the ones below it.
  it('form no cycle between folders', () => expect(cyclesIn(folderGraph(graph))).toEqual([]));
  it('see a folder loop when there is one', () => {
    const planted = new Map(graph);
    const [io, schema] = [[...graph.keys()].find((f) => folder(f) === 'io')!, [...graph.keys()].find((f) => folder(f) === 'schema')!];
    planted.set(io, [...graph.get(io)!, schema]); // io reaching up to schema
    expect(cyclesIn(folderGraph(planted))).toContain('io → schema');
  });

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
