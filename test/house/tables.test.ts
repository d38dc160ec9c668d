// Hand-kept tables stay lean (issue 25): the Traditional → Simplified table of src/io/normalize.ts
// lists each character once and never maps a character to itself (such pairs only look like
// coverage). Read from the source: the table is private to its module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSimplified } from '../../src/io/normalize.js';
import { ROOT } from '../helpers/cli.js';

const source = readFileSync(join(ROOT, 'src/io/normalize.ts'), 'utf8');
const table = /const T2S[^[]*\[([\s\S]*?)\]\.map/.exec(source)![1]!;
const pairs = [...table.matchAll(/'(.)(.)'/gu)].map((m) => [m[1]!, m[2]!] as const);

describe('the Traditional → Simplified table', () => {
  it('is read (it has the pairs the headers need)', () => expect(pairs.length).toBeGreaterThan(100));
  it('lists each Traditional character once', () => {
    const seen = new Set<string>();
    expect(pairs.filter(([t]) => seen.has(t) || !seen.add(t)).map(([t, s]) => t + s)).toEqual([]);
  });
  it('maps no character to itself', () => expect(pairs.filter(([t, s]) => t === s).map(([t, s]) => t + s)).toEqual([]));
  it('is the table toSimplified uses', () => expect(toSimplified(pairs.map(([t]) => t).join(''))).toBe(pairs.map(([, s]) => s).join('')));
});
