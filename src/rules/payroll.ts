// Monthly allowances of one clerk (docs/contract.md §4.1, policy 二(二)5 and 二(二)6). Pure: a validated
// Clerk and a policy view in; the amounts paid, with the facts of each formula (pay-items.ts)
// and the findings, out. The words explaining them are made in report/pay-basis.ts.
import { lastDayOfMonth, type IsoDate, type IsoMonth } from '../calendar.js';
import { certifiedSince, certifiedSinceColumn, SKILL_GRADE_LABEL, SOCIAL_WORK_LABEL, type Clerk, type Education, type Level } from '../domain.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import {
  cents,
  educationAllowance,
  evaluationDate,
  funding,
  onPostInMonth,
  probation,
  probationWithheld,
  seniorityAllowance,
  skillAllowance,
  type EducationFact,
  type EvaluationFact,
  type FundingFact,
  type PayItem,
  type ProbationFact,
  type SeniorityFact,
  type SkillFact,
  type SkillPaid,
} from './pay-items.js';
import type { PolicyView } from './policy-view.js';

/** What each formula found for one clerk and month: the input to every explanation. */
export interface PayFacts {
  clerk: Clerk;
  evaluation: EvaluationFact;
  probation: ProbationFact;
  skill: SkillFact;
  seniority: SeniorityFact;
  education: EducationFact;
  funding: FundingFact;
  /** Items computed but not paid during probation. */
  withheld: ReadonlySet<PayItem>;
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
  /** The tier paid and where it comes from (a social-work certificate's mapped grade included). */
  skill: SkillPaid;
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
  facts: PayFacts;
  issues: Issue[];
}

export type PayOutcome = { paid: true; line: PayrollLine } | { paid: false; reason: 'not_on_post'; because: string };

export function payClerk(clerk: Clerk, month: IsoMonth, policy: PolicyView): PayOutcome {
  if (!onPostInMonth(clerk, month)) {
    const because =
      clerk.startDate > lastDayOfMonth(month)
        ? `上岗日期 ${clerk.startDate} 在本月之后`
        : `离岗日期 ${clerk.leaveDate} 在本月之前`;
    return { paid: false, reason: 'not_on_post', because };
  }
  const evaluation = evaluationDate(clerk, month, policy);
  const E = evaluation.date;
  const facts = {
    clerk,
    evaluation,
    probation: probation(clerk, E, policy),
    skill: skillAllowance(clerk, E, policy),
    seniority: seniorityAllowance(clerk, E, policy),
    education: educationAllowance(clerk, E, policy),
    funding: funding(clerk, E, policy),
  };
  const withheld = new Set<PayItem>();
  const paid = (item: PayItem, amount: number): number => {
    if (!probationWithheld(item, amount, facts.probation)) return amount;
    withheld.add(item);
    return 0;
  };
  const skill = paid('skillAllowance', facts.skill.amount);
  const seniority = paid('seniorityAllowance', facts.seniority.amount);
  const education = paid('educationAllowance', facts.education.amount);

  const issues: Issue[] = [];
  const at = { row: clerk.row, staffId: clerk.staffId };
  if (facts.skill.certNotYetValid) {
    issues.push(makeIssue('CERT_NOT_YET_VALID', { ...at, clause: facts.skill.param.clause }, { column: certifiedSinceColumn(clerk.cert!), value: certifiedSince(clerk.cert!) }));
  }
  const paidAs = facts.skill.paid;
  if (paidAs.source === 'clerk_before_upgrade') {
    issues.push(
      makeIssue('CERT_EARLIER_GRADE_UNKNOWN', { ...at, clause: facts.skill.param.clause }, {
        firstDate: clerk.cert!.firstDate!,
        certDate: clerk.cert!.date,
        paidGrade: paidAs.grade,
      }),
    );
  }
  const under = facts.seniority.mayBeUnderstated;
  if (under && !facts.probation.onProbation) {
    issues.push(
      makeIssue('SENIORITY_MAY_BE_UNDERSTATED', { ...at, clause: facts.seniority.param.clause }, { certDate: clerk.cert!.date, workSince: under.from }),
    );
  }
  if (paidAs.source === 'social_work') {
    issues.push(
      makeIssue('SOCIAL_WORK_MAPPED', { ...at, clause: facts.skill.mapping.clause }, {
        column: '其他证书',
        value: SOCIAL_WORK_LABEL[paidAs.cert],
        expected: SKILL_GRADE_LABEL[paidAs.grade],
      }),
    );
  }

  const allowanceTotal = cents(skill + seniority + education);
  const line: PayrollLine = {
    row: clerk.row,
    staffId: clerk.staffId,
    name: clerk.name,
    center: clerk.center,
    level: clerk.level,
    evaluationDate: E,
    skill: paidAs,
    skillAllowance: skill,
    seniorityYears: facts.seniority.years,
    seniorityAllowance: seniority,
    education: clerk.education,
    educationAllowance: education,
    onProbation: facts.probation.onProbation,
    allowanceTotal,
    baseSalary: clerk.baseSalary ?? null,
    grossPay: clerk.baseSalary !== undefined ? cents(clerk.baseSalary + allowanceTotal) : null,
    funding: facts.funding.channel,
    facts: { ...facts, withheld },
    issues,
    ...(clerk.employeeNo !== undefined ? { employeeNo: clerk.employeeNo } : {}),
    ...(clerk.idNumber !== undefined ? { idNumber: clerk.idNumber } : {}),
  };
  return { paid: true, line };
}
