import { d } from '../helpers/dates.js';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Spool } from '../../src/spool.js';

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

  it('is removed when a `using` block ends, by return or by throw', () => {
    // A folder of its own: the shared temporary folder gains and loses other runs' spools meanwhile.
    const own = mkdtempSync(join(tmpdir(), 'spool-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = own;
    onTestFinished(() => {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(own, { recursive: true, force: true });
    });
    const spools = () => readdirSync(own).filter((f) => f.startsWith('gov-clerk-spool-'));
    const before = spools().length;
    expect(before).toBe(0);
    const fill = (fail: boolean) => {
      using s = new Spool<number>(0);
      s.push(1);
      expect(spools()).toHaveLength(before + 1);
      if (fail) throw new Error('stop');
      return [...s];
    };
    expect(fill(false)).toEqual([1]);
    expect(spools()).toHaveLength(before);
    expect(() => fill(true)).toThrow('stop');
    expect(spools()).toHaveLength(before);
  });
});

describe('roster entries on disk', () => {
  it('come back whole: every Clerk field, with and without 工号 or 身份证号, and rows without a Clerk', async () => {
    const { ROSTER_ON_DISK } = await import('../../src/cli/roster-input.js');
    const { clerk, entry } = await import('../helpers/clerks.js');
    const full = clerk({
      idNumber: '11010519491231002X', birthDate: d('1949-12-31'), birthDateSource: 'id', continuousStart: d('2019-01-01'),
      cert: { grade: 4, date: d('2021-03-01') }, otherCerts: ['social_worker'], probationEnd: d('2020-03-31'), probationFlag: false,
      baseSalary: 3100.5, leaveDate: d('2025-12-31'), levelSource: 'column',
    });
    const noIds = clerk({ row: 9, staffId: '李四@耿车镇便民服务中心', name: '李四' });
    delete noIds.employeeNo;
    const entries = [
      entry(full),
      entry(noIds),
      { row: 12, staffId: 'E9', employeeNo: 'E9', issues: [], blocking: ['VALUE_REQUIRED' as const] },
    ];
    const s = new Spool(0, ROSTER_ON_DISK);
    for (const e of entries) s.push(e);
    expect([...s]).toEqual(entries);
    s.close();
  });
});

describe('a run that ends without closing its spool', () => {
  it('still removes the temporary folder when the process exits', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, readdirSync: list, rmSync } = await import('node:fs');
    const { ROOT } = await import('../helpers/cli.js');
    const tmp = mkdtempSync(`${tmpdir()}/gov-clerk-test-exit-`);
    const script = `const { Spool } = await import(${JSON.stringify(`${ROOT}dist/spool.js`)});
      const { readdirSync } = await import('node:fs');
      const s = new Spool(0); s.push({ a: 1 });
      console.log(readdirSync(${JSON.stringify(tmp)}).length);
      process.exit(3);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp, TEMP: tmp }, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toBe('1'); // the spool's folder existed while it ran…
    expect(list(tmp)).toEqual([]); // …and is gone after exit
    rmSync(tmp, { recursive: true });
  });
});
