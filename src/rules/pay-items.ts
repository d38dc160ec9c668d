// The monthly pay items of 二(二)5 and 二(二)6, each a small pure formula in the manner of
// OpenFisca: it reads the parameters in force on a date and returns its amount with the facts
// and parameter behind it. No prose here: 计算依据, --explain and JSON words are made from these
// facts in report/pay-basis.ts.
import { addYears, firstDayOfMonth, fullYears, lastDayOfMonth, maxDate, type IsoDate, type IsoMonth } from '../calendar.js';
import { certifiedSince, hasClerkCertificate, LOWEST_SKILL_GRADE, type Clerk, type Education, type SkillGrade, type SocialWorkCert } from '../domain.js';
import type { ResolvedParam } from '../policy/policy.js';
import type { ParamValue } from '../policy/schema.js';
import type { PolicyView } from './policy-view.js';

export type PayItem = 'skillAllowance' | 'seniorityAllowance' | 'educationAllowance';
type Param<P extends Parameters<PolicyView['at']>[0]> = ResolvedParam<ParamValue<P>>;

/** On post in M: 上岗日期 ≤ last day of M, and 离岗日期 blank or ≥ first day of M (docs/contract.md §4.1). */
export function onPostInMonth(clerk: Pick<Clerk, 'startDate' | 'leaveDate'>, month: IsoMonth): boolean {
  return clerk.startDate <= lastDayOfMonth(month) && (!clerk.leaveDate || clerk.leaveDate >= firstDayOfMonth(month));
}

export interface EvaluationFact {
  date: IsoDate;
  param: Param<'payroll.evaluate_at'>;
}

/** The day the clerk's situation is judged for month M (parameter evaluate_at, 二(二)5). */
export function evaluationDate(clerk: Pick<Clerk, 'startDate' | 'leaveDate'>, month: IsoMonth, policy: PolicyView): EvaluationFact {
  const param = policy.at('payroll.evaluate_at', lastDayOfMonth(month));
  const end = lastDayOfMonth(month);
  const date =
    param.value === 'start' ? maxDate(firstDayOfMonth(month), clerk.startDate) : clerk.leaveDate && clerk.leaveDate < end ? clerk.leaveDate : end;
  return { date, param };
}

export interface ProbationFact {
  onProbation: boolean;
  /** On probation because 试用期截止日期 is on or after E (else because 是否试用期 says so). */
  byDate: boolean;
  param: Param<'payroll.probation_pays'>;
}

/** On probation on E (二(二)5): by its end date, or as marked. */
export function probation(clerk: Clerk, E: IsoDate, policy: PolicyView): ProbationFact {
  const param = policy.at('payroll.probation_pays', E);
  const byDate = clerk.probationEnd !== undefined && clerk.probationEnd >= E;
  return { onProbation: byDate || clerk.probationFlag === true, byDate, param };
}

const PROBATION_KEY: Record<PayItem, 'skill' | 'seniority' | 'education'> = {
  skillAllowance: 'skill',
  seniorityAllowance: 'seniority',
  educationAllowance: 'education',
};

/** An item the policy does not pay during probation (二(二)5 "试用期间，发放基本工资、技能补贴"). */
export function probationWithheld(item: PayItem, amount: number, p: ProbationFact): boolean {
  return p.onProbation && amount > 0 && !p.param.value.includes(PROBATION_KEY[item]);
}

/** The tier a skill allowance is paid at, and the certificate it comes from. */
export type SkillPaid =
  | { source: 'none' }
  | { source: 'clerk'; grade: SkillGrade }
  /** Before 取证日期 but after 首次取证日期: an earlier certificate, paid at the lowest grade. */
  | { source: 'clerk_before_upgrade'; grade: SkillGrade }
  | { source: 'social_work'; grade: SkillGrade; cert: SocialWorkCert };

export interface SkillFact {
  amount: number;
  paid: SkillPaid;
  /** A clerk certificate dated after E: not yet valid this month. */
  certNotYetValid: boolean;
  param: Param<'payroll.skill_allowance'>;
  mapping: Param<'payroll.social_work_as_grade'>;
}

/** 技能补贴 二(二)5(2): the highest tier among the certificates held on E, never a sum. */
export function skillAllowance(clerk: Clerk, E: IsoDate, policy: PolicyView): SkillFact {
  const param = policy.at('payroll.skill_allowance', E);
  const mapping = policy.at('payroll.social_work_as_grade', E);
  let paid: SkillPaid = { source: 'none' };
  if (clerk.cert && clerk.cert.date <= E) paid = { source: 'clerk', grade: clerk.cert.grade };
  else if (hasClerkCertificate(clerk, E)) paid = { source: 'clerk_before_upgrade', grade: LOWEST_SKILL_GRADE };
  let amount = paid.source === 'none' ? 0 : param.value[paid.grade];
  for (const cert of clerk.otherCerts) {
    const grade = mapping.value[cert] as SkillGrade;
    if (param.value[grade] > amount) {
      amount = param.value[grade];
      paid = { source: 'social_work', grade, cert };
    }
  }
  return { amount, paid, certNotYetValid: clerk.cert !== undefined && certifiedSince(clerk.cert) > E, param, mapping };
}

export interface SeniorityFact {
  amount: number;
  /** Full years since `since`; null without a valid clerk certificate. */
  years: number | null;
  /** The later of the first certificate (首次取证日期, else 取证日期) and the start of continuous work. */
  since?: IsoDate;
  /**
   * Without 首次取证日期, a 取证日期 later than the certificate deadline after 上岗 may be an
   * upgrade: the bracket counted from the start of continuous work, when that would pay more.
   */
  mayBeUnderstated?: { from: IsoDate; years: number; amount: number };
  /** The bracket paid, when one is reached. */
  bracket?: { min_years: number; amount: number };
  param: Param<'payroll.seniority_allowance'>;
}

/** 年限补贴 二(二)5(3): full years of continuous work since the clerk certificate, highest bracket reached. */
export function seniorityAllowance(clerk: Clerk, E: IsoDate, policy: PolicyView): SeniorityFact {
  const param = policy.at('payroll.seniority_allowance', E);
  if (!hasClerkCertificate(clerk, E)) return { amount: 0, years: null, param };
  const cert = clerk.cert!;
  const work = clerk.continuousStart ?? clerk.startDate;
  const since = maxDate(certifiedSince(cert), work);
  const years = fullYears(since, E);
  const bracketOf = (y: number) => [...param.value].reverse().find((b) => y >= b.min_years);
  const bracket = bracketOf(years);
  const amount = bracket?.amount ?? 0;
  let mayBeUnderstated: SeniorityFact['mayBeUnderstated'];
  if (cert.firstDate === undefined && cert.date > addYears(work, policy.at('hiring.cert_within_years', E).value)) {
    const longest = fullYears(work, E);
    const more = bracketOf(longest)?.amount ?? 0;
    if (more > amount) mayBeUnderstated = { from: work, years: longest, amount: more };
  }
  return { amount, years, since, param, ...(bracket ? { bracket } : {}), ...(mayBeUnderstated ? { mayBeUnderstated } : {}) };
}

export interface EducationFact {
  amount: number;
  education: Education;
  param: Param<'payroll.education_allowance'>;
}

/** 学历补贴 二(二)5(4). */
export function educationAllowance(clerk: Clerk, E: IsoDate, policy: PolicyView): EducationFact {
  const param = policy.at('payroll.education_allowance', E);
  return { amount: param.value[clerk.education], education: clerk.education, param };
}

export interface FundingFact {
  channel: string;
  param: Param<'payroll.funding'>;
}

/** 资金渠道 二(二)6(1): 同级财政, by the centre's level. */
export function funding(clerk: Clerk, E: IsoDate, policy: PolicyView): FundingFact {
  const param = policy.at('payroll.funding', E);
  return { channel: param.value[clerk.level], param };
}

/** Money in 元 to the cent: sums of parts are rounded once, so 0.1 + 0.2 pays 0.30. */
export function cents(n: number): number {
  return Math.round(n * 100) / 100;
}
