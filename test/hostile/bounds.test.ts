// Issue 24.8: every input path has the same bounds. A table held in memory (--previous, the
// centres, --history) stops at Excel's row limit whatever its format, and --header-row never
// keeps the rows above it while looking for the header.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/io/table.js';
import { ISSUED } from '../../src/schema/issued.js';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const LIMIT = 1_048_576;

/** An issued sheet as CSV: a header, then `n` people paid 100 each (unique 工号: no duplicate stops it first). */
function issuedCsv(path: string, n: number): string {
  const lines = ['工号,姓名,补贴合计'];
  for (let i = 1; i <= n; i++) lines.push(`P${i},某${i},100`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('--previous as a CSV past Excel’s rows', () => {
  it('one more row than Excel holds: one sentence, exit 2 (it was read whole, and at 3,000,000 rows killed)', () => {
    const previous = issuedCsv(tmp('previous-too-long.csv'), LIMIT); // the header is row 1: the last person is row 1,048,577
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--previous', previous, '-q', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/previous-too-long\.csv 超过 1048576 行（Excel 的行数上限，第 1048577 行起），不是一张补贴发放表/);
    expect(r.stdout).toBe('');
  });
});

describe('the centres file (check-staffing) is bounded the same way', () => {
  it('a centres CSV past Excel’s rows: exit 2', () => {
    const path = tmp('centres-too-long.csv');
    writeFileSync(path, `中心名称,层级,全科窗口数\n${'某镇便民服务中心,镇街,3\n'.repeat(LIMIT)}`);
    const r = cli(['check-staffing', path, '--as-of', '2025-06-30', '-q', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/centres-too-long\.csv 超过 1048576 行.*不是一张中心表/);
  });
});

describe('--header-row', () => {
  it('past the last row a sheet can have: one sentence, exit 2', () => {
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--header-row', '99999999', '-q', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--header-row 99999999 超过 Excel 的行数上限 1048576/);
  });

  it('far down a large CSV: the rows above it are not kept while it is looked for (a 48 MB heap is enough)', () => {
    const path = tmp('long-roster.csv');
    const row = '2,张三,321302199001011234,耿车镇便民服务中心,本科,2020-01-01,3000\n';
    writeFileSync(path, `工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资\n${row.repeat(600_000)}`);
    const r = cli(['payroll', path, '--month', '2025-06', '--header-row', '1000000', '-q', '--json'], {}, ['--max-old-space-size=48']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/第 1000000 行中找不到花名册的表头/);
  });
});

describe('the row limit is the last row read, not one less', () => {
  it('rows up to it are read; the next one stops the read', async () => {
    const read = async (people: number) => {
      const t = await openTable(issuedCsv(tmp(`limit-${people}.csv`), people), ISSUED, { maxRows: 5 });
      const rows: number[] = [];
      for await (const r of t.rows) rows.push(r.row);
      return rows;
    };
    expect(await read(4)).toEqual([2, 3, 4, 5]);
    await expect(read(5)).rejects.toThrow(/超过 1048576 行（Excel 的行数上限，第 6 行起）/);
  });
});
