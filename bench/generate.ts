// Synthetic inputs for the benchmark, written as streams so a million rows never sit in memory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { checkDigit } from '../src/schema/id-number.js';

const CENTERS = ['宿城区政务服务中心', '耿车镇便民服务中心', '埠子镇便民服务中心', '龙河镇便民服务中心', '项里街道便民服务中心', '洋北镇便民服务中心', '耿车镇大众社区便民服务站'];
const EDU = ['本科', '大专', '硕士研究生', '本科', '大专'];
const GRADES = ['', '五级/初级工', '四级/中级工', '三级/高级工', '二级/技师'];

export async function generateRoster(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['工号', '姓名', '身份证号', '所属中心', '学历', '上岗日期', '证书等级', '取证日期', '其他证书', '基本工资']).commit();
  for (let i = 0; i < n; i++) {
    // Unique IDs: a thousand sequence numbers per birth day, birth days from 1985 on; hired at
    // 22 to 31, as the policy's age condition expects of most clerks.
    const born = new Date(Date.UTC(1985, 0, 1) + Math.floor(i / 1000) * 86_400_000);
    const birth = born.toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `321302${birth}${String(i % 1000).padStart(3, '0')}`;
    const grade = GRADES[i % GRADES.length]!;
    const start = new Date(Date.UTC(Math.min(born.getUTCFullYear() + 22 + (i % 10), 2024), i % 12, 1));
    ws.addRow([
      `E${i + 1}`,
      `员工${i + 1}`,
      first17 + checkDigit(first17),
      CENTERS[i % CENTERS.length],
      EDU[i % EDU.length],
      start,
      grade || null,
      grade ? new Date(start.getTime() + 200 * 86_400_000) : null,
      i % 17 === 0 ? '社会工作师' : null,
      2500 + (i % 10) * 100,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

/**
 * How the CSV is written: `plain` as Excel and WPS save it (quotes only where a field needs
 * them, here nowhere); `quoted` with every field quoted and CRLF, as some exporting systems
 * do; `title` as plain under a title line holding doubled quotes, which csv-parse must read
 * (and with it the rest of the file).
 */
export type CsvStyle = 'plain' | 'quoted' | 'title';

export async function generateRatingsCsv(path: string, clerks: number, style: CsvStyle = 'plain'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const eol = style === 'quoted' ? '\r\n' : '\n';
  const line = (fields: string[]) => (style === 'quoted' ? fields.map((f) => `"${f}"`) : fields).join(',') + eol;
  await write('\uFEFF');
  if (style === 'title') await write(`"宿城区""2025年度""月度考核",,,,${eol}`);
  await write(line(['工号', '姓名', '所属中心', '月份', '等次']));
  const R = ['一般', '一般', '一般', '好', '一般', '差', '一般', '一般', '一般', '一般'];
  for (let i = 0; i < clerks; i++) {
    for (let m = 1; m <= 12; m++) await write(line([`E${i + 1}`, `员工${i + 1}`, CENTERS[i % CENTERS.length]!, `2025-${String(m).padStart(2, '0')}`, R[(i * 7 + m) % R.length]!]));
  }
  out.end();
  await once(out, 'finish');
}

/**
 * A roster CSV whose rows carry about 1.3 warnings each, as a neglected district's does: no
 * clerk certificate years after starting (CERT_OVERDUE on every row) and, on three rows in ten,
 * 身份证号 written 无 (PLACEHOLDER_VALUE). Findings, not rows, dominate its memory.
 */
export async function generateWarningRosterCsv(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('\uFEFF工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资\n');
  for (let i = 0; i < n; i++) {
    const born = new Date(Date.UTC(1985, 0, 1) + Math.floor(i / 1000) * 86_400_000);
    const first17 = `321302${born.toISOString().slice(0, 10).replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`;
    const id = i % 10 < 3 ? '无' : first17 + checkDigit(first17);
    await write(`E${i + 1},员工${i + 1},${id},${CENTERS[i % CENTERS.length]},${EDU[i % EDU.length]},2020-0${(i % 9) + 1}-01,${2500 + (i % 10) * 100}\n`);
  }
  out.end();
  await once(out, 'finish');
}

/** Lines written to `path` as a stream, waiting for the disk (a million rows never sit in memory). */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const l of lines) if (!out.write(l)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * A roster CSV whose every row has 身份证号 written 无 (PLACEHOLDER_VALUE on each row), for
 * annual --roster and check-staffing --roster: one finding per row, however many rows.
 */
export async function generatePlaceholderRosterCsv(path: string, n: number): Promise<void> {
  await writeLines(
    path,
    (function* () {
      yield '\uFEFF工号,姓名,身份证号,所属中心,学历,上岗日期,证书等级,取证日期,基本工资\n';
      for (let i = 0; i < n; i++) {
        yield `E${i + 1},员工${i + 1},无,${CENTERS[i % CENTERS.length]},${EDU[i % EDU.length]},2020-0${(i % 9) + 1}-01,四级/中级工,2020-12-01,${2500 + (i % 10) * 100}\n`;
      }
    })(),
  );
}
