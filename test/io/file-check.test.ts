// Issue 24.6: the hash recorded for an input is that of the rows read. A file rewritten or
// replaced between the start of its read and its hash is refused, never reported with the hash
// of one version and the rows of another.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashAsRead } from '../../src/file-check.js';
import { openSource } from '../../src/io/sources.js';
import { openTable } from '../../src/io/table.js';
import { inputMeta } from '../../src/report/meta.js';
import { ROSTER, parseRosterRow } from '../../src/schema/roster.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const HEADER = '工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资\n';
const rows = (n: number, name = '张') => HEADER + Array.from({ length: n }, (_, i) => `E${i},${name}${i},,耿车镇便民服务中心,本科,2020-01-01,3000\n`).join('');

describe('hashAsRead', () => {
  it('unchanged: the sha256 of the bytes there', async () => {
    const p = tmp('same.csv');
    writeFileSync(p, rows(10));
    await openSource(p);
    expect(await hashAsRead(p)).toBe(sha(p));
  });

  it.each<[string, (p: string) => void]>([
    ['rewritten in place, same size', (p) => writeFileSync(p, rows(10, '李'))],
    ['appended to', (p) => appendFileSync(p, 'E99,王五,,耿车镇便民服务中心,本科,2020-01-01,3000\n')],
    ['replaced by another file (rename over it)', (p) => {
      writeFileSync(`${p}.new`, rows(10, '赵'));
      renameSync(`${p}.new`, p);
    }],
    ['rewritten, same size, with its modification time put back to the nanosecond (touch -r)', (p) => {
      writeFileSync(`${p}.ref`, '');
      expect(spawnSync('touch', ['-r', p, `${p}.ref`]).status).toBe(0);
      writeFileSync(p, rows(10, '钱'));
      expect(spawnSync('touch', ['-r', `${p}.ref`, p]).status).toBe(0);
      expect(statSync(p, { bigint: true }).mtimeNs).toBe(statSync(`${p}.ref`, { bigint: true }).mtimeNs);
    }],
  ])('%s after its read began: refused, naming the file', async (_name, change) => {
    const p = tmp(`changed-${_name.replace(/\W+/g, '-')}.csv`);
    writeFileSync(p, rows(10));
    await openSource(p);
    change(p);
    await expect(hashAsRead(p)).rejects.toThrow(/文件 changed-.*\.csv 在读取过程中被改动或替换了/);
  });

  it('through a whole read (inputMeta after the rows): the rows read and the hash agree, or it stops', async () => {
    const p = tmp('roster.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, p);
    const table = await openTable(p, ROSTER);
    let n = 0;
    for await (const row of table.rows) if (parseRosterRow(row, { date1904: false, clauseOf: () => '', levelWarned: new Set() })) n++;
    expect((await inputMeta(p, table, n)).sha256).toBe(sha(p));
    const q = tmp('roster-b.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, q);
    const t2 = await openTable(q, ROSTER);
    for await (const _ of t2.rows) break;
    copyFileSync(`${ROOT}fixtures/centers.xlsx`, q); // another workbook written over it while it is read
    await expect(inputMeta(q, t2, 0)).rejects.toThrow(/在读取过程中被改动或替换了/);
  });
});
