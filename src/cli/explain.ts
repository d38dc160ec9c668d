// `payroll --explain <工号|姓名>`: one clerk's derivation, inputs first, then each item with
// amount, clause and reason. Terminal text: IDs are always masked here.
import { formatChineseMonth } from '../calendar.js';
import { EDUCATION_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, SOCIAL_WORK_LABEL, type Clerk } from '../domain.js';
import { messageOf, severityOf, SEVERITY_LABEL } from '../issues/catalogue.js';
import type { PayrollMonth } from '../rules/payroll-month.js';
import { payTrace, TRACE_ITEM_LABEL } from '../report/pay-basis.js';
import { maskId } from '../schema/id-number.js';
import type { RosterEntry } from '../schema/roster.js';
import { UserError } from '../errors.js';
import { table, yuan } from './text.js';


export function explain(who: string, entries: Iterable<RosterEntry>, result: PayrollMonth): string {
  const key = who.trim();
  const matches: RosterEntry[] = [];
  for (const e of entries) if (e.employeeNo === key || e.name === key || e.staffId === key) matches.push(e);
  if (matches.length === 0) {
    throw new UserError(`花名册中找不到工号或姓名为“${key}”的人员，请检查 --explain 的值。`);
  }
  return matches.map((e) => explainOne(e, result)).join('\n');
}

function explainOne(entry: RosterEntry, result: PayrollMonth): string {
  const out: string[] = [];
  const title = `${entry.name ?? '（无姓名）'}（${entry.employeeNo ? `工号 ${entry.employeeNo}，` : ''}花名册第 ${entry.row} 行）${formatChineseMonth(result.month)}补贴计算`;
  out.push(title, '='.repeat(Math.min(60, title.length * 2)));
  if (entry.clerk) {
    out.push('输入：');
    out.push(...table(inputRows(entry.clerk), ['left', 'left']).map((l) => `  ${l}`));
  }
  const paid = find(result.traced, (p) => p.line.row === entry.row);
  const excluded = result.excluded.find((x) => x.row === entry.row);
  if (paid) {
    const { line, facts } = paid;
    const trace = payTrace(facts);
    out.push('计算：');
    const rows = trace.map((t) => [TRACE_ITEM_LABEL[t.item], t.amount !== undefined ? yuan(t.amount) : '', t.clause, t.because]);
    rows.push(['补贴合计', yuan(line.allowanceTotal), '', '技能补贴 + 年限补贴 + 学历补贴']);
    if (line.grossPay !== null) rows.push(['应发合计', yuan(line.grossPay), '', `基本工资 ${yuan(line.baseSalary!)} + 补贴合计`]);
    out.push(...table(rows, ['left', 'right', 'left', 'left']).map((l) => `  ${l}`));
  } else if (excluded) {
    out.push(`结果：本月不发放（${excluded.reason === 'invalid' ? '数据有误' : '不在岗'}）`, `  ${excluded.because}`);
  }
  const issues = [...result.issues].filter((i) => i.row === entry.row);
  if (issues.length) {
    out.push('相关问题：');
    for (const i of issues) out.push(`  [${SEVERITY_LABEL[severityOf(i)]}] ${i.code} ${messageOf(i)}`);
  }
  return out.join('\n') + '\n';
}

function inputRows(c: Clerk): string[][] {
  const rows: Array<[string, string | undefined]> = [
    ['工号', c.employeeNo],
    ['身份证号', c.idNumber ? maskId(c.idNumber) : undefined],
    ['所属中心', `${c.center}（${LEVEL_LABEL[c.level]}）`],
    ['学历', EDUCATION_LABEL[c.education]],
    ['上岗日期', c.startDate],
    ['连续工作起始日期', c.continuousStart],
    ['证书等级', c.cert ? SKILL_GRADE_LABEL[c.cert.grade] : '无'],
    ['取证日期', c.cert?.date],
    ['首次取证日期', c.cert?.firstDate],
    ['其他证书', c.otherCerts.map((x) => SOCIAL_WORK_LABEL[x]).join('、') || undefined],
    ['试用期截止日期', c.probationEnd],
    ['是否试用期', c.probationFlag === undefined ? undefined : c.probationFlag ? '是' : '否'],
    ['基本工资', c.baseSalary !== undefined ? yuan(c.baseSalary) : undefined],
    ['离岗日期', c.leaveDate],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
}

function find<T>(items: Iterable<T>, test: (x: T) => boolean): T | undefined {
  for (const x of items) if (test(x)) return x;
  return undefined;
}
