// Issue 21 #6: the CSV payroll keeps 身份证号 and 工号 as text when a spreadsheet opens it with
// its default import settings (LibreOffice here, as a real client; Excel and WPS read ="…" the
// same way), and a cell that would run as a formula is still neutralized.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { makeId, readBack, writeCsv } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const hasOffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

async function roster(): Promise<{ path: string; ids: string[] }> {
  const ids = [makeId('19900312', 11), makeId('19851201', 23), makeId('19950630', 7)];
  const path = tmp('roster.csv');
  await writeCsv(
    path,
    [
      ['工号', '姓名', '身份证号', '所属中心', '学历', '上岗日期', '证书等级', '取证日期'],
      ['00123', '张三', ids[0]!, '耿车镇便民服务中心', '本科', '2020-01-01', '四级', '2020-06-01'],
      ['0456', '=HYPERLINK("http://x")', ids[1]!, '耿车镇便民服务中心', '大专', '2020-01-01', '', ''],
      ['789', '李四', ids[2]!, '耿车镇便民服务中心', '大专', '2020-01-01', '', ''],
    ],
    'utf8',
  );
  return { path, ids };
}

describe('the CSV payroll in a spreadsheet', () => {
  it('writes text columns of digits as ="…", formulas as text, and reads its own CSV back', async () => {
    const { path, ids } = await roster();
    const out = tmp('june.csv');
    expect(cli(['payroll', path, '--month', '2025-06', '-o', out, '-q']).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`"=""${ids[0]}"""`);
    expect(text).toContain('"=""00123"""');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/,=H/);
    // The ="…" form is unwrapped on input: a roster CSV that keeps its digits so is read as written.
    const kept = tmp('kept.csv');
    await writeCsv(kept, [['工号', '姓名', '身份证号', '所属中心', '学历', '上岗日期'], ['="00123"', '张三', `="${ids[0]}"`, '耿车镇便民服务中心', '本科', '2020-01-01']], 'utf8');
    const again = cli(['payroll', kept, '--month', '2025-06', '--json', '-q']);
    expect(again.code).toBe(0);
    const j = JSON.parse(again.stdout) as { clerks: Array<{ employeeNo: string; idNumber: string }> };
    expect(j.clerks.map((c) => [c.employeeNo, c.idNumber])).toEqual([['00123', ids[0]]]);
  });

  it.runIf(hasOffice || process.env.CI)('LibreOffice, default import: every 身份证号 and 工号 is the text written, to the last digit', async () => {
    const { path, ids } = await roster();
    const out = tmp('lo.csv');
    cli(['payroll', path, '--month', '2025-06', '-o', out, '-q']);
    const dir = tmp('lo');
    const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${tmp('lo-profile')}`, '--convert-to', 'xlsx', '--outdir', dir, out], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status).toBe(0);
    const ws = (await readBack(`${dir}/lo.xlsx`)).worksheets[0]!;
    // Columns by our own header (LibreOffice's headless default charset garbles the Chinese header).
    const header = readFileSync(out, 'utf8').replace(/^\ufeff/, '').split('\r\n')[0]!.split(',');
    const col = (name: string) => header.indexOf(name) + 1;
    const shown = (row: number, c: number) => {
      const v = ws.getRow(row).getCell(c).value as unknown;
      return typeof v === 'object' && v !== null && 'result' in v ? (v as { result: unknown }).result : v;
    };
    const idCol = col('身份证号');
    const noCol = col('工号');
    expect(idCol).toBeGreaterThan(0);
    const got = [2, 3, 4].map((r) => [shown(r, noCol), shown(r, idCol)]);
    expect(got).toEqual([
      ['00123', ids[0]],
      ['0456', ids[1]],
      ['789', ids[2]],
    ]);
  });
});
