import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../src/io/spool.js';

const record = (i: number) => ({ row: i + 2, name: `员工${i}`, note: i % 3 === 0 ? undefined : '好\n"引号"\u2028', n: i * 0.01, list: [i, `${i}`] });
const roundTrip = (r: ReturnType<typeof record>) => JSON.parse(JSON.stringify(r)) as unknown;

describe('Spool', () => {
  it.each([
    ['in memory', 1_000],
    ['on disk from the first record', 0],
    ['moved to disk part way', 10],
  ])('gives back every record in order, again and again (%s)', (_label, inMemory) => {
    const s = new Spool<ReturnType<typeof record>>(inMemory);
    for (let i = 0; i < 100; i++) s.push(record(i));
    expect(s.length).toBe(100);
    expect(s.onDisk).toBe(inMemory < 100);
    const expected = Array.from({ length: 100 }, (_, i) => roundTrip(record(i)));
    expect([...s]).toEqual(expected);
    expect([...s]).toEqual(expected); // a second pass reads the same
    s.push(record(100)); // records may be added after a pass
    expect([...s].at(-1)).toEqual(roundTrip(record(100)));
    s.close();
  });

  it('reads records that cross its 1 MB read boundary, multi-byte text included', () => {
    const s = new Spool<{ text: string }>(0);
    const big = Array.from({ length: 5 }, (_, i) => ({ text: `${'政务服务'.repeat(100_000 + i)}${i}` })); // 1.2 MB of UTF-8 each
    for (const r of big) s.push(r);
    expect([...s]).toEqual(big);
    s.close();
  });

  it('removes its temporary file when closed', () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('gov-clerk-spool-')));
    const s = new Spool<number>(0);
    s.push(1);
    const made = readdirSync(tmpdir()).filter((f) => f.startsWith('gov-clerk-spool-') && !before.has(f));
    expect(made).toHaveLength(1);
    s.close();
    s.close(); // twice is harmless
    expect(existsSync(`${tmpdir()}/${made[0]}`)).toBe(false);
    expect(() => [...s]).toThrow();
  });
});
