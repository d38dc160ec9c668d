// payroll --previous when the roster has gained a second row for someone already paid last month
// (a transfer typed in as a new row, the old one left): both rows are unpaid as duplicates, and
// last month's payment is listed once, so the 变动 rows still add up and the run writes its
// outputs (README 第 89 条). Claimed by both rows, the check would stop the run with exit 2.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const HEADER = '工号,姓名,所属中心,学历,上岗日期,证书等级,取证日期';
const MAY = [HEADER, 'E001,张伟,耿车镇便民服务中心,本科,2018-03-01,四级/中级工,2019-05-01', 'E002,李娜,耿车镇便民服务中心,大专,2021-07-01,五级,2022-01-10'];
const JUNE = [...MAY, 'E001,张伟,埠子镇便民服务中心,本科,2018-03-01,四级/中级工,2019-05-01'];

type Json = { totals: { allowanceTotal: number }; clerks: Array<{ staffId: string; allowanceTotal: number }>; excluded: Array<{ staffId: string; codes: string[] }>; changes: { against: string; previousTotal: number; total: number }; changeRows: Array<{ staffId: string; kind: string; delta: number }> };

describe('--previous with a 工号 on two roster rows', () => {
  it('lists last month’s payment of that 工号 once, adds up, and exits 1 (the duplicate), not 2', () => {
    const [may, june, issued] = [tmp('五月花名册.csv'), tmp('六月花名册.csv'), tmp('五月发放表.xlsx')];
    writeFileSync(may, `${MAY.join('\r\n')}\r\n`);
    writeFileSync(june, `${JUNE.join('\r\n')}\r\n`);
    expect(cli(['payroll', may, '--month', '2025-05', '-o', issued, '-q']).code).toBe(0);
    const mayJson = JSON.parse(cli(['payroll', may, '--month', '2025-05', '--json', '-q']).stdout) as Json;
    const paidE001 = mayJson.clerks.find((c) => c.staffId === 'E001')!.allowanceTotal;
    expect(paidE001).toBeGreaterThan(0);

    const r = cli(['payroll', june, '--month', '2025-06', '--previous', issued, '--json', '-q']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.excluded.map((e) => [e.staffId, e.codes])).toEqual([['E001', ['DUPLICATE_STAFF']], ['E001', ['DUPLICATE_STAFF']]]);
    expect(j.changes.against).toBe('issued');
    expect(j.changes.previousTotal).toBe(mayJson.totals.allowanceTotal);
    // 改为不发放 (README 第 57 条): issued last month, a duplicate now; listed once.
    const stopped = j.changeRows.filter((c) => c.kind === 'stopped');
    expect(stopped.map((c) => [c.staffId, c.delta])).toEqual([['E001', -paidE001]]);
    expect(j.changeRows.filter((c) => c.kind === 'unexplained')).toEqual([]);
    const sum = j.changeRows.reduce((s, c) => s + Math.round(c.delta * 100), 0);
    expect(sum).toBe(Math.round(j.totals.allowanceTotal * 100) - Math.round(mayJson.totals.allowanceTotal * 100));
  });
});
