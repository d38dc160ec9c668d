// Blank input workbooks for a town office to fill (issue: a new user's first hour): the
// canonical headers, one example row, dropdown lists, date and text formats, and a
// 填写说明 sheet. The headers come from the same column specs the readers match.
import { CENTER_COLUMNS } from '../schema/centers.js';
import { RATINGS_TABLE } from '../schema/ratings.js';
import { ROSTER_COLUMNS } from '../schema/roster.js';
import type { ColumnSpec } from '../io/table.js';
import { EXAMPLE_MARK } from '../schema/values.js';
import { MARGINS, planSheet, rowHeight, type PrintPlan } from './print-layout.js';
import type { CellOut } from './table.js';

export type TemplateKind = 'roster' | 'ratings' | 'centers';

interface ColumnDoc {
  required: string;
  accepted: string;
  example: string | number | Date | null;
  list?: string[];
  format?: 'date' | 'text' | 'int' | 'money';
}

const LISTS = {
  grade: ['五级/初级工', '四级/中级工', '三级/高级工', '二级/技师', '一级/高级技师'],
  education: ['博士研究生', '硕士研究生', '本科', '大专', '中专', '高中'],
  level: ['区级', '镇街', '村社区'],
  townType: ['一般', '小城市', '城区中心街道'],
  yesNo: ['是', '否'],
  rating: ['好', '一般', '差', '暂停'],
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const DATE_FORMS = '日期，如 2025-06-01、2025/6/1、2025年6月1日';

const ROSTER_DOCS: Record<string, ColumnDoc> = {
  employeeNo: { required: '否', accepted: '文字。用于识别人员：没有工号时用身份证号，再没有用 姓名+所属中心', example: 'E001', format: 'text' },
  name: { required: '是', accepted: '文字', example: `张三${EXAMPLE_MARK}` },
  idNumber: { required: '否', accepted: '18 位身份证号（本列已设为文本，请勿改成数字格式，否则会丢失后三位）；15 位旧号自动升位', example: '321302199003120119', format: 'text' },
  birthDate: { required: '否', accepted: `${DATE_FORMS}；空着时取身份证号中的出生日期`, example: day('1990-03-12'), format: 'date' },
  center: { required: '是', accepted: '中心全称，与中心表一致，如 宿城区政务服务中心、耿车镇便民服务中心', example: '宿城区政务服务中心' },
  level: { required: '否', accepted: '区级 / 镇街 / 村社区；空着时按中心名称判断', example: '区级', list: LISTS.level },
  education: { required: '是', accepted: '博士研究生、硕士研究生、本科、大专、中专、高中等（也可写 研究生、大学本科、专科）', example: '本科', list: LISTS.education },
  startDate: { required: '是', accepted: DATE_FORMS, example: day('2020-03-01'), format: 'date' },
  continuousStart: { required: '否', accepted: `${DATE_FORMS}；空着时按上岗日期计算年限`, example: null, format: 'date' },
  skillGrade: { required: '否', accepted: '政务服务办事员技能等级：五级/初级工 … 一级/高级技师；未取证留空', example: '四级/中级工', list: LISTS.grade },
  certDate: { required: '填了证书等级时必填', accepted: `${DATE_FORMS}；现在这本证书的取证日期（升级的填升级日期）`, example: day('2021-03-01'), format: 'date' },
  firstCertDate: {
    required: '否',
    accepted: `${DATE_FORMS}；证书升级过的，填第一次取得办事员证书的日期（年限补贴从这天算起）；没有升级过的留空`,
    example: null,
    format: 'date',
  },
  otherCerts: { required: '否', accepted: '助理社会工作师、社会工作师、高级社会工作师；多个用顿号分隔；其他证书不影响补贴', example: null },
  probationEnd: { required: '否', accepted: DATE_FORMS, example: null, format: 'date' },
  probationFlag: { required: '否', accepted: '是 / 否', example: '否', list: LISTS.yesNo },
  baseSalary: { required: '否', accepted: '金额（元），填了就计算应发合计', example: 3000, format: 'money' },
  leaveDate: { required: '否', accepted: DATE_FORMS, example: null, format: 'date' },
};

const CENTER_DOCS: Record<string, ColumnDoc> = {
  name: { required: '是', accepted: '中心全称，与花名册的"所属中心"一致', example: `宿城区政务服务中心${EXAMPLE_MARK}` },
  level: { required: '是', accepted: '区级 / 镇街 / 村社区', example: '区级', list: LISTS.level },
  type: { required: '否（默认一般）', accepted: '镇街类型：一般 / 小城市 / 城区中心街道', example: null, list: LISTS.townType },
  windows: { required: '是', accepted: '综合(全科)窗口个数，整数', example: 20, format: 'int' },
  clerks: { required: '不提供花名册时必填', accepted: '政务服务办事员人数，整数', example: 20, format: 'int' },
  direct: { required: '镇街必填', accepted: '便民服务中心直属人员数，整数', example: null, format: 'int' },
  hrSocial: { required: '镇街必填', accepted: '人社人员数，整数', example: null, format: 'int' },
  civilAffairs: { required: '镇街必填', accepted: '民政人员数，整数', example: null, format: 'int' },
};

export interface TemplateSheet {
  name: string;
  columns: Array<{ header: string; doc: ColumnDoc }>;
}

export function templateFor(kind: TemplateKind, year: number): TemplateSheet {
  const pick = (cols: readonly ColumnSpec[], docs: Record<string, ColumnDoc>) =>
    cols.map((c) => ({ header: c.header, doc: { ...docs[c.key]!, accepted: `${docs[c.key]!.accepted}${c.aliases.length ? `。表头也可写作：${c.aliases.join('、')}` : ''}` } }));
  if (kind === 'roster') return { name: '花名册', columns: pick(ROSTER_COLUMNS, ROSTER_DOCS) };
  if (kind === 'centers') return { name: '中心表', columns: pick(CENTER_COLUMNS, CENTER_DOCS) };
  const identity = RATINGS_TABLE.columns.filter((c) => ['employeeNo', 'name', 'center'].includes(c.key));
  return {
    name: '月度考核',
    columns: [
      ...pick(identity, { employeeNo: ROSTER_DOCS.employeeNo!, name: ROSTER_DOCS.name!, center: ROSTER_DOCS.center! }),
      ...Array.from({ length: 12 }, (_, i) => ({
        header: `${year}年${i + 1}月`,
        doc: { required: '否', accepted: '好（优秀）、一般（合格）、差（不合格）、暂停（立案调查）；空白为当月未考核', example: '一般', list: LISTS.rating },
      })),
    ],
  };
}

/** Writes the template workbook (small: the in-memory writer is fine), laid out for A4 as every sheet is. */
export async function writeTemplate(path: string, t: TemplateSheet): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gov-clerk';
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const LAST = 1000; // formats and dropdowns reach this row
  const example = t.columns.map((c) => (c.doc.example instanceof Date ? c.doc.example.toISOString().slice(0, 10) : c.doc.example));
  // Room for a real entry, not only the example: an 18-digit ID, a date, a centre's full name.
  const isId = (c: (typeof t.columns)[number]) => c.header.includes('身份证');
  const room = t.columns.map((c) => (isId(c) ? '321302199001011234' : c.doc.format === 'date' ? '2025-12-31' : c.header.includes('中心') ? '宿城区政务服务中心便民服务' : ''));
  // An ID or a date never wraps: the column is as wide as one.
  const kinds = t.columns.map((c) => (isId(c) ? ('id' as const) : c.doc.format === 'date' ? ('date' as const) : ('text' as const)));
  const plan = planSheet({ name: t.name, columns: t.columns.map((c, i) => ({ header: c.header, kind: kinds[i] })) }, [example, room], new Map(), true);
  layOut(ws, plan);
  ws.columns = t.columns.map((c, i) => ({ header: c.header, width: plan.widths[i] }));
  ws.getRow(1).height = plan.headerHeight;
  ws.getRow(1).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  ws.addRow(t.columns.map((c) => c.doc.example));
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const letter = col.letter;
    const fmt = { date: 'yyyy-mm-dd', text: '@', int: '0', money: '#,##0.00' }[c.doc.format ?? 'text'];
    if (c.doc.format) for (let r = 2; r <= LAST; r++) ws.getCell(r, i + 1).numFmt = fmt;
    if (c.doc.list) {
      // exceljs supports range validations but its typings do not declare them.
      (ws as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}${LAST}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.doc.list.join(',')}"`],
        showErrorMessage: false, // other accepted spellings stay allowed
        showInputMessage: true,
        promptTitle: c.header,
        prompt: c.doc.list.join('、'),
      });
    }
  });
  const help = wb.addWorksheet('填写说明');
  const helpRows: CellOut[][] = t.columns.map((c) => {
    const ex = c.doc.example instanceof Date ? c.doc.example.toISOString().slice(0, 10) : c.doc.example;
    return [c.header, c.doc.required, c.doc.accepted, ex ?? ''];
  });
  const note: CellOut[] = ['说明', '', '第 2 行是示例（姓名或名称带"（示例）"），请改成真实数据或删除：留在表中的示例行不计入，并列为错误。表头行上方可以加标题行；表头可以有空格或写成繁体；用不到的列会列在「数据问题」中。', ''];
  const helpHead = { name: '填写说明', columns: ['列名', '是否必填', '可以填写的内容', '示例'].map((header) => ({ header, kind: 'text' as const })) };
  const helpPlan = planSheet(helpHead, [...helpRows, note], new Map(), true);
  layOut(help, helpPlan);
  help.columns = helpHead.columns.map((c, i) => ({ header: c.header, width: helpPlan.widths[i] }));
  help.getRow(1).font = { bold: true };
  const helpKinds = helpHead.columns.map((c) => c.kind);
  for (const values of [...helpRows, [], note]) {
    const r = help.addRow(values);
    const height = rowHeight(values, helpPlan, helpKinds);
    if (height !== undefined) r.height = height;
    r.alignment = { vertical: 'top', wrapText: true };
  }
  await wb.xlsx.writeFile(path);
}

/** A4, the plan's orientation, fitted to the page width, the header row on every page. */
function layOut(ws: import('exceljs').Worksheet, plan: PrintPlan): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: plan.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    margins: MARGINS,
  };
}
