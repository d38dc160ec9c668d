// Monthly allowances of one clerk (SPEC §4.1, policy 二(二)5 and 二(二)6). Pure: a validated
// Clerk and a policy view in, amounts with their trace out.
import {
  firstDayOfMonth,
  formatChineseDate,
  fullYears,
  lastDayOfMonth,
  maxDate,
  type IsoDate,
  type IsoMonth,
} from '../calendar.js';
import {
  EDUCATION_LABEL,
  LEVEL_LABEL,
  SKILL_GRADE_LABEL,
  SOCIAL_WORK_LABEL,
  hasClerkCertificate,
  type Clerk,
  type Education,
  type Level,
  type SkillGrade,
} from '../domain.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import type { PolicyView } from './policy-view.js';

export type PayItem = 'skillAllowance' | 'seniorityAllowance' | 'educationAllowance';

export interface TraceStep {
  item: PayItem | 'evaluationDate' | 'probation' | 'funding';
  amount?: number;
  clause: string;
  inputs: string;
  because: string;
}

export interface PayrollLine {
  row: number;
  staffId: string;
  employeeNo?: string;
  name: string;
  idNumber?: string;
  center: string;
  level: Level;
  evaluationDate: IsoDate;
  skillGrade: SkillGrade | null; // the tier paid (a social-work certificate's mapped grade included)
  skillSource: 'clerk' | 'social_work' | 'none';
  skillAllowance: number;
  seniorityYears: number | null; // null without a clerk certificate
  seniorityAllowance: number;
  education: Education;
  educationAllowance: number;
  onProbation: boolean;
  allowanceTotal: number;
  baseSalary: number | null;
  grossPay: number | null;
  funding: string;
  trace: TraceStep[];
  issues: Issue[];
}

export type PayOutcome = { paid: true; line: PayrollLine } | { paid: false; reason: 'not_on_post'; because: string };

/** On post in M: 上岗日期 ≤ last day of M, and 离岗日期 blank or ≥ first day of M (SPEC §4.1). */
export function onPostInMonth(clerk: Pick<Clerk, 'startDate' | 'leaveDate'>, month: IsoMonth): boolean {
  return clerk.startDate <= lastDayOfMonth(month) && (!clerk.leaveDate || clerk.leaveDate >= firstDayOfMonth(month));
}

/** The day the clerk's situation is judged for month M (policy parameter evaluate_at). */
export function evaluationDate(clerk: Pick<Clerk, 'startDate' | 'leaveDate'>, month: IsoMonth, policy: PolicyView): IsoDate {
  const mode = policy.at('payroll.evaluate_at', lastDayOfMonth(month)).value;
  if (mode === 'start') return maxDate(firstDayOfMonth(month), clerk.startDate);
  const end = lastDayOfMonth(month);
  return clerk.leaveDate && clerk.leaveDate < end ? clerk.leaveDate : end;
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function payClerk(clerk: Clerk, month: IsoMonth, policy: PolicyView): PayOutcome {
  if (!onPostInMonth(clerk, month)) {
    const because =
      clerk.startDate > lastDayOfMonth(month)
        ? `上岗日期 ${clerk.startDate} 在本月之后`
        : `离岗日期 ${clerk.leaveDate} 在本月之前`;
    return { paid: false, reason: 'not_on_post', because };
  }
  const E = evaluationDate(clerk, month, policy);
  // Parameters in force on E; a month that straddles the effective date uses the first values.
  const on = maxDate(E, policy.effective);
  const issues: Issue[] = [];
  const clauseOf = (p: Parameters<PolicyView['at']>[0]) => policy.at(p, on).clause;
  const ctx = { row: clerk.row, staffId: clerk.staffId, clauseOf };
  const trace: TraceStep[] = [];
  const evalParam = policy.at('payroll.evaluate_at', on);
  trace.push({
    item: 'evaluationDate',
    clause: evalParam.clause,
    inputs: `上岗日期 ${clerk.startDate}${clerk.leaveDate ? `，离岗日期 ${clerk.leaveDate}` : ''}`,
    because: `按 ${formatChineseDate(E)} 的情况计算本月补贴（${evalParam.value === 'end' ? '月末或离岗日' : '月初或上岗日'}）`,
  });

  // —— probation 二(二)5 ——
  const probation = policy.at('payroll.probation_pays', on);
  const byDate = clerk.probationEnd !== undefined && clerk.probationEnd >= E;
  const onProbation = byDate || clerk.probationFlag === true;
  const pays = new Set(onProbation ? probation.value : ['skill', 'seniority', 'education']);
  if (onProbation) {
    trace.push({
      item: 'probation',
      clause: probation.clause,
      inputs: [
        clerk.probationEnd ? `试用期截止日期 ${clerk.probationEnd}` : '',
        clerk.probationFlag !== undefined ? `是否试用期 ${clerk.probationFlag ? '是' : '否'}` : '',
      ]
        .filter(Boolean)
        .join('，'),
      because: `${byDate ? `试用期截止日期不早于 ${E}` : '标明在试用期'}，试用期间只发放${[...probation.value].map((p) => ITEM_LABEL[p]).join('、') || '基本工资'}`,
    });
  }
  /** Records one pay item in the trace; on probation, items the policy does not pay are withheld. */
  const payItem = (item: PayItem, amount: number, clause: string, inputs: string, because: string): number => {
    const withheld = onProbation && !pays.has(PROBATION_KEY[item]) && amount > 0;
    trace.push({ item, amount: withheld ? 0 : amount, clause, inputs, because: withheld ? `试用期间不发放（${because}）` : because });
    return withheld ? 0 : amount;
  };

  // —— skill allowance 二(二)5(2): the highest tier, never a sum ——
  const tiers = policy.at('payroll.skill_allowance', on);
  const mapping = policy.at('payroll.social_work_as_grade', on);
  const clerkCertValid = hasClerkCertificate(clerk, E);
  if (clerk.skillGrade !== undefined && clerk.certDate !== undefined && clerk.certDate > E) {
    issues.push(makeIssue('CERT_NOT_YET_VALID', ctx, { column: '取证日期', value: clerk.certDate, expected: E }));
  }
  let skillGrade: SkillGrade | null = clerkCertValid ? clerk.skillGrade! : null;
  let skillSource: PayrollLine['skillSource'] = clerkCertValid ? 'clerk' : 'none';
  let skillAmount = skillGrade ? tiers.value[skillGrade] : 0;
  let socialCert: string | undefined;
  for (const cert of clerk.otherCerts) {
    const g = mapping.value[cert] as SkillGrade;
    if (tiers.value[g] > skillAmount) {
      skillAmount = tiers.value[g];
      skillGrade = g;
      skillSource = 'social_work';
      socialCert = SOCIAL_WORK_LABEL[cert];
    }
  }
  const skillInputs = [
    clerk.skillGrade ? `证书等级 ${SKILL_GRADE_LABEL[clerk.skillGrade]}，取证日期 ${clerk.certDate}` : '无办事员证书',
    clerk.otherCerts.length ? `其他证书 ${clerk.otherCerts.map((c) => SOCIAL_WORK_LABEL[c]).join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；');
  let skillBecause: string;
  if (skillSource === 'none') {
    skillBecause = clerk.skillGrade ? `取证日期晚于 ${E}，本月尚无有效证书` : '没有可计补贴的技能等级证书';
  } else if (skillSource === 'clerk') {
    skillBecause = `${SKILL_GRADE_LABEL[skillGrade!]} ${skillAmount} 元/月${clerk.otherCerts.length ? '（多项证书以最高等级为准，不叠加）' : ''}`;
  } else {
    skillBecause = `${socialCert}按${SKILL_GRADE_LABEL[skillGrade!]}档计 ${skillAmount} 元/月（本地解释；多项证书以最高等级为准，不叠加）`;
    issues.push(
      makeIssue(
        'SOCIAL_WORK_MAPPED',
        { ...ctx, clauseOf: () => mapping.clause },
        { column: '其他证书', value: socialCert, expected: SKILL_GRADE_LABEL[skillGrade!] },
      ),
    );
  }
  const skillAllowance = payItem('skillAllowance', skillAmount, tiers.clause, skillInputs, skillBecause);

  // —— seniority allowance 二(二)5(3): clerk-certificate holders only ——
  const brackets = policy.at('payroll.seniority_allowance', on);
  let seniorityYears: number | null = null;
  let seniorityAmount = 0;
  let seniorityBecause: string;
  const from = clerk.continuousStart ?? clerk.startDate;
  if (clerkCertValid) {
    const S = maxDate(clerk.certDate!, from);
    seniorityYears = fullYears(S, E);
    const bracket = [...brackets.value].reverse().find((b) => seniorityYears! >= b.min_years);
    seniorityAmount = bracket?.amount ?? 0;
    seniorityBecause = `自 ${S}（取证日期与${clerk.continuousStart ? '连续工作起始日期' : '上岗日期'}中较晚者）至 ${E} 连续工作满 ${seniorityYears} 年，${
      bracket ? `满 ${bracket.min_years} 年档 ${bracket.amount} 元/月` : `不满 ${brackets.value[0]!.min_years} 年，不发`
    }`;
  } else {
    seniorityBecause = skillSource === 'social_work' ? '只有社工证、没有办事员技能等级证书，不计年限补贴' : '没有有效的办事员技能等级证书，不计年限补贴';
  }
  const seniorityAllowance = payItem(
    'seniorityAllowance',
    seniorityAmount,
    brackets.clause,
    `取证日期 ${clerk.certDate ?? '无'}，${clerk.continuousStart ? `连续工作起始日期 ${clerk.continuousStart}` : `上岗日期 ${clerk.startDate}`}`,
    seniorityBecause,
  );

  // —— education allowance 二(二)5(4) ——
  const eduParam = policy.at('payroll.education_allowance', on);
  const eduAmount = eduParam.value[clerk.education];
  const educationAllowance = payItem(
    'educationAllowance',
    eduAmount,
    eduParam.clause,
    `学历 ${EDUCATION_LABEL[clerk.education]}`,
    `${EDUCATION_LABEL[clerk.education]} ${eduAmount} 元/月`,
  );

  // —— funding 二(二)6(1) ——
  const fundingParam = policy.at('payroll.funding', on);
  const funding = fundingParam.value[clerk.level];
  trace.push({
    item: 'funding',
    clause: fundingParam.clause,
    inputs: `所属中心 ${clerk.center}，层级 ${LEVEL_LABEL[clerk.level]}${clerk.levelSource === 'name' ? '（由中心名称判断）' : clerk.levelSource === 'default' ? '（无法判断，按镇街）' : ''}`,
    because: `${LEVEL_LABEL[clerk.level]}由${funding}保障`,
  });

  const allowanceTotal = cents(skillAllowance + seniorityAllowance + educationAllowance);
  const line: PayrollLine = {
    row: clerk.row,
    staffId: clerk.staffId,
    name: clerk.name,
    center: clerk.center,
    level: clerk.level,
    evaluationDate: E,
    skillGrade,
    skillSource,
    skillAllowance,
    seniorityYears,
    seniorityAllowance,
    education: clerk.education,
    educationAllowance,
    onProbation,
    allowanceTotal,
    baseSalary: clerk.baseSalary ?? null,
    grossPay: clerk.baseSalary !== undefined ? cents(clerk.baseSalary + allowanceTotal) : null,
    funding,
    trace,
    issues,
    ...(clerk.employeeNo !== undefined ? { employeeNo: clerk.employeeNo } : {}),
    ...(clerk.idNumber !== undefined ? { idNumber: clerk.idNumber } : {}),
  };
  return { paid: true, line };
}

/** The policy's names (probation_pays) for the pay items. */
const PROBATION_KEY: Record<PayItem, 'skill' | 'seniority' | 'education'> = {
  skillAllowance: 'skill',
  seniorityAllowance: 'seniority',
  educationAllowance: 'education',
};

/** How trace items are named in every output. */
export const TRACE_ITEM_LABEL: Record<TraceStep['item'], string> = {
  evaluationDate: '计算日',
  probation: '试用期',
  skillAllowance: '技能补贴',
  seniorityAllowance: '年限补贴',
  educationAllowance: '学历补贴',
  funding: '资金渠道',
};

const ITEM_LABEL: Record<'skill' | 'seniority' | 'education', string> = {
  skill: '基本工资、技能补贴',
  seniority: '年限补贴',
  education: '学历补贴',
};
