// The product contract lives in the repository (docs/contract.md, issue 25): every comment or test
// that cites a section of it cites one that exists, nothing cites the old specification that was
// never in the repository, and the contract's table of issue codes is the catalogue's (a code may
// be added, never renamed or dropped: a rename fails here until both say the same).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/issues/catalogue.js';
import { ROOT } from '../helpers/cli.js';

const CONTRACT = readFileSync(join(ROOT, 'docs/contract.md'), 'utf8');
/** The contract's numbered sections: '2', '3.1', … from its '## 2. …' and '### 3.1 …' headings. */
const SECTIONS = new Set([...CONTRACT.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1]!));

/** Each section a text cites as `docs/contract.md §4.1` (or `… §3.1, §4.4`, `§4.3、§4.4`). */
export function citedSections(text: string): string[] {
  return [...text.matchAll(/docs\/contract\.md\s*((?:§\d+(?:\.\d+)*(?:\s*[,、，]\s*(?=§))?)+)/g)].flatMap((m) => [...m[1]!.matchAll(/§(\d+(?:\.\d+)*)/g)].map((s) => s[1]!));
}

/** The old, absent specification named anywhere: `SPEC §…`, `SPEC.md`, or `SPEC:` (the word in capitals). */
const OLD_SPEC = new RegExp(['\\bSP', 'EC(?:\\.md|\\s*§|\\s*:|\\b)'].join(''));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.name === 'node_modules' ? [] : d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|mts|cts|mjs|cjs|js)$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

const SOURCES = ['src', 'test', 'bench', 'scripts'].flatMap((d) => files(join(ROOT, d))).map((f) => [relative(ROOT, f), readFileSync(f, 'utf8')] as const);

describe('docs/contract.md', () => {
  it('has the sections the code has always cited (§2 … §7)', () => {
    for (const s of ['1', '2', '3', '3.1', '3.2', '3.3', '3.4', '4', '4.1', '4.2', '4.3', '4.4', '5', '6', '6.1', '6.2', '6.3', '7']) expect(SECTIONS, s).toContain(s);
  });

  it('has every section a source, test or README line cites', () => {
    const cites = [...SOURCES, ['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')] as const].flatMap(([f, text]) =>
      text.split('\n').flatMap((line, i) => citedSections(line).map((s) => [`${f}:${i + 1}`, s] as const)),
    );
    expect(cites.length).toBeGreaterThan(30); // the check sees the citations
    expect(cites.filter(([, s]) => !SECTIONS.has(s)).map(([where, s]) => `${where} cites §${s}`)).toEqual([]);
  });

  it('refers within itself only to sections it has', () => {
    const refs = [...CONTRACT.matchAll(/§(\d+(?:\.\d+)*)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(30);
    expect(refs.filter((s) => !SECTIONS.has(s))).toEqual([]);
  });

  it('reads a citation the way it is written', () => {
    expect(citedSections('// Duplicate identities (docs/contract.md §3.1, §4.4 DUPLICATE_STAFF): never pay twice.')).toEqual(['3.1', '4.4']);
    expect(citedSections('检查结果只列 docs/contract.md §4.3、§4.4 的规则发现')).toEqual(['4.3', '4.4']);
    expect(citedSections('/** docs/contract.md §3.1 注 3: the level */')).toEqual(['3.1']);
    expect(citedSections('// see docs/contract.md ' + '§9.9')).toEqual(['9.9']); // and §9.9 is no section:
    expect(SECTIONS.has('9.9')).toBe(false);
  });

  it('is what the code cites, not the old specification that was never in the repository', () => {
    const old = SOURCES.filter(([f]) => f !== 'test/house/contract.test.ts').flatMap(([f, text]) => text.split('\n').flatMap((line, i) => (OLD_SPEC.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(old).toEqual([]);
    for (const planted of ['// The roster (SP' + 'EC §3.1)', '// see SP' + 'EC.md', '// (SP' + 'EC: findings are code + data)']) expect(OLD_SPEC.test(planted), planted).toBe(true);
    for (const fine of ['type TableSpec = {}', 'const spec = ISSUED;', 'ColumnSpec']) expect(OLD_SPEC.test(fine), fine).toBe(false);
  });

  it('lists every issue code with its severity, as the catalogue does (§6.3)', () => {
    const table = CONTRACT.slice(CONTRACT.indexOf('### 6.3'), CONTRACT.indexOf('## 7.'));
    const listed = Object.fromEntries([...table.matchAll(/^\| ([A-Z][A-Z_]+) \| (error|warning|info) \|/gm)].map((m) => [m[1]!, m[2]!]));
    const catalogue = Object.fromEntries(Object.entries(CATALOGUE).map(([code, meta]) => [code, (meta as { severity: string }).severity]));
    expect(listed).toEqual(catalogue);
  });
});
