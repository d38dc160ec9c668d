// Every boundary of docs/contract.md §4.1, as tables of (clerk, month) → amounts.
import { d, m } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import type { Clerk } from '../../src/domain.js';
import { parsePolicy } from '../../src/policy/load.js';
import { payClerk, type PayrollLine } from '../../src/rules/payroll.js';
import { payTrace } from '../../src/report/pay-basis.js';
import { clerk, policy, withValues } from '../helpers/clerks.js';
import { readFileSync } from 'node:fs';
import { BUILTIN_POLICY_PATH } from '../../src/policy/load.js';

function pay(over: Partial<Clerk>, month = m('2025-06')): PayrollLine {
  const r = payClerk(clerk(over), month, policy);
  if (!r.paid) throw new Error(`not paid: ${r.because}`);
  return r.line;
}

describe('skill allowance 二(二)5(2)', () => {
  it.each([
    [5, 100],
    [4, 150],
    [3, 200],
    [2, 400],
    [1, 600],
  ] as const)('grade %i pays %i', (grade, amount) => {
    expect(pay({ cert: { grade, date: d('2024-01-01') } }).skillAllowance).toBe(amount);
  });

  it('needs the certificate on or before the evaluation date', () => {
    expect(pay({ cert: { grade: 4, date: d('2025-06-30') } }).skillAllowance).toBe(150);
    const late = pay({ cert: { grade: 4, date: d('2025-07-01') } });
    expect(late.skillAllowance).toBe(0);
    expect(late.skill.source).toBe('none');
    expect(late.issues.map((i) => i.code)).toContain('CERT_NOT_YET_VALID');
  });

  it.each<[string, Partial<Clerk>, number, PayrollLine['skill']['source'], boolean]>([
    ['social work alone (助理 → grade 5)', { otherCerts: ['assistant_social_worker'] }, 100, 'social_work', true],
    ['社会工作师 → grade 4', { otherCerts: ['social_worker'] }, 150, 'social_work', true],
    ['高级社会工作师 → grade 3', { otherCerts: ['senior_social_worker'] }, 200, 'social_work', true],
    ['clerk grade 5 + 社会工作师: highest, not the sum', { cert: { grade: 5, date: d('2020-01-01') }, otherCerts: ['social_worker'] }, 150, 'social_work', true],
    ['clerk grade 2 beats 高级社会工作师', { cert: { grade: 2, date: d('2020-01-01') }, otherCerts: ['senior_social_worker'] }, 400, 'clerk', false],
    ['equal tiers: the clerk certificate decides', { cert: { grade: 4, date: d('2020-01-01') }, otherCerts: ['social_worker'] }, 150, 'clerk', false],
    ['all three social-work certificates: still only the highest', { otherCerts: ['assistant_social_worker', 'social_worker', 'senior_social_worker'] }, 200, 'social_work', true],
  ])('%s', (_, over, amount, source, mapped) => {
    const line = pay(over);
    expect(line.skillAllowance).toBe(amount);
    expect(line.skill.source).toBe(source);
    expect(line.issues.some((i) => i.code === 'SOCIAL_WORK_MAPPED')).toBe(mapped);
  });
});

describe('seniority allowance 二(二)5(3): tier edges on the evaluation date 2025-06-30', () => {
  it.each([
    [d('2025-06-30'), 0, 0],
    [d('2024-07-01'), 0, 0],
    [d('2024-06-30'), 1, 20],
    [d('2020-07-01'), 4, 20],
    [d('2020-06-30'), 5, 50],
    [d('2015-07-01'), 9, 50],
    [d('2015-06-30'), 10, 100],
    [d('2005-01-01'), 20, 100],
  ])('certificate from %s: %i full years → %i', (certDate, years, amount) => {
    const line = pay({ startDate: d('2000-01-01'), cert: { grade: 5, date: certDate } });
    expect(line.seniorityYears).toBe(years);
    expect(line.seniorityAllowance).toBe(amount);
  });

  it('counts from the later of 取证日期 and 连续工作起始日期', () => {
    expect(pay({ startDate: d('2010-01-01'), continuousStart: d('2021-01-01'), cert: { grade: 5, date: d('2014-01-01') } }).seniorityYears).toBe(4);
    expect(pay({ startDate: d('2016-01-01'), continuousStart: d('2012-01-01'), cert: { grade: 5, date: d('2013-01-01') } }).seniorityYears).toBe(12);
  });

  it('counts from 上岗日期 when 连续工作起始日期 is blank', () => {
    expect(pay({ startDate: d('2021-01-01'), cert: { grade: 5, date: d('2014-01-01') } }).seniorityYears).toBe(4);
  });

  it('29 February certificates reach their anniversary on 28 February', () => {
    const feb = (month: string, certDate: string) => pay({ startDate: d('2000-01-01'), cert: { grade: 5, date: d(certDate) } }, m(month));
    expect(feb('2025-02', d('2020-02-29')).seniorityYears).toBe(5); // E = 2025-02-28
    expect(feb('2025-02', d('2020-02-29')).seniorityAllowance).toBe(50);
    expect(feb('2024-02', d('2019-02-28')).seniorityYears).toBe(5); // E = 2024-02-29
  });

  it('is paid only to holders of the clerk certificate', () => {
    const line = pay({ startDate: d('2010-01-01'), otherCerts: ['senior_social_worker'] });
    expect(line.seniorityYears).toBeNull();
    expect(line.seniorityAllowance).toBe(0);
  });
});

describe('education allowance 二(二)5(4)', () => {
  it.each([
    ['below_college', 0],
    ['college', 0],
    ['bachelor', 100],
    ['master', 200],
    ['doctorate', 200],
  ] as const)('%s → %i', (education, amount) => {
    expect(pay({ education }).educationAllowance).toBe(amount);
  });
});

describe('probation 二(二)5: only the skill allowance', () => {
  const base: Partial<Clerk> = { startDate: d('2010-01-01'), cert: { grade: 3, date: d('2012-01-01') }, education: 'master' };
  it.each<[string, Partial<Clerk>, boolean]>([
    ['试用期截止日期 after E', { probationEnd: d('2025-07-15') }, true],
    ['试用期截止日期 on E', { probationEnd: d('2025-06-30') }, true],
    ['试用期截止日期 the day before E', { probationEnd: d('2025-06-29') }, false],
    ['是否试用期 = 是', { probationFlag: true }, true],
    ['是否试用期 = 否', { probationFlag: false }, false],
    ['是否试用期 = 是 with an ended date (either one makes probation)', { probationFlag: true, probationEnd: d('2025-01-31') }, true],
  ])('%s', (_, over, onProbation) => {
    const line = pay({ ...base, ...over });
    expect(line.onProbation).toBe(onProbation);
    expect(line.skillAllowance).toBe(200);
    expect(line.seniorityAllowance).toBe(onProbation ? 0 : 100);
    expect(line.educationAllowance).toBe(onProbation ? 0 : 200);
    expect(line.allowanceTotal).toBe(onProbation ? 200 : 500);
  });
});

describe('on post and the evaluation date', () => {
  it.each<[string, Partial<Clerk>, boolean]>([
    ['starts on the last day of the month', { startDate: d('2025-06-30') }, true],
    ['starts the day after the month', { startDate: d('2025-07-01') }, false],
    ['leaves on the first day of the month', { leaveDate: d('2025-06-01') }, true],
    ['left the day before the month', { leaveDate: d('2025-05-31') }, false],
  ])('%s', (_, over, paid) => {
    expect(payClerk(clerk(over), m('2025-06'), policy).paid).toBe(paid);
  });

  it('judges a leaver on the leaving day', () => {
    const line = pay({ startDate: d('2015-01-01'), cert: { grade: 5, date: d('2020-06-02') }, leaveDate: d('2025-06-01') });
    expect(line.evaluationDate).toBe('2025-06-01');
    expect(line.seniorityYears).toBe(4); // the 5th anniversary (06-02) is after leaving
  });

  it('evaluate_at: start judges on the first day (or 上岗日期)', () => {
    const text = readFileSync(BUILTIN_POLICY_PATH, 'utf8').replace(/value: end/, 'value: start');
    const p = parsePolicy(text, 'start.yaml');
    const view = { effective: p.file.effective, at: p.at };
    const r = payClerk(clerk({ cert: { grade: 5, date: d('2025-06-15') } }), m('2025-06'), view);
    expect(r.paid && r.line.evaluationDate).toBe('2025-06-01');
    expect(r.paid && r.line.skillAllowance).toBe(0);
    const s = payClerk(clerk({ startDate: d('2025-06-20') }), m('2025-06'), view);
    expect(s.paid && s.line.evaluationDate).toBe('2025-06-20');
  });
});

describe('totals and funding 二(二)6(1)', () => {
  it('adds the items and the base salary', () => {
    const line = pay({ cert: { grade: 4, date: d('2019-01-01') }, baseSalary: 2800.5 });
    expect(line.allowanceTotal).toBe(150 + 50 + 100);
    expect(line.grossPay).toBe(3100.5);
  });
  it('has no gross without a base salary', () => expect(pay({}).grossPay).toBeNull());
  it.each([
    ['district', '区级财政'],
    ['town', '镇(街)财政'],
    ['village', '镇(街)财政'],
  ] as const)('%s is funded by %s', (level, funding) => expect(pay({ level }).funding).toBe(funding));
  it('cites a clause for every item', () => {
    const line = pay({ cert: { grade: 4, date: d('2019-01-01') } });
    expect(Object.fromEntries(payTrace(line.facts).filter((t) => t.amount !== undefined).map((t) => [t.item, t.clause]))).toEqual({
      skillAllowance: '二(二)5(2)',
      seniorityAllowance: '二(二)5(3)',
      educationAllowance: '二(二)5(4)',
    });
  });
});

describe('money is rounded to cents (二(二)5: amounts in 元, paid in 分)', () => {
  it('a total of parts that floating point cannot add exactly is exact to the cent', () => {
    // 0.1 + 0.2 + 0.4 is 0.7000000000000001 in floating point, and 3000.1 + 0.7 is 3000.7999999999997.
    const odd = withValues({
      'payroll.skill_allowance': { 1: 600, 2: 400, 3: 200, 4: 150, 5: 0.1 },
      'payroll.seniority_allowance': [{ min_years: 1, amount: 0.2 }],
      'payroll.education_allowance': { below_college: 0, college: 0, bachelor: 0.4, master: 200, doctorate: 200 },
    });
    const outcome = payClerk(clerk({ cert: { grade: 5, date: d('2020-01-01') }, baseSalary: 3000.1 }), m('2025-06'), odd);
    if (!outcome.paid) throw new Error('not paid');
    expect(outcome.line.allowanceTotal).toBe(0.7);
    expect(outcome.line.grossPay).toBe(3000.8);
  });
});

// Issue 21 #4: 二(二)5(3) counts years from obtaining the clerk certificate, whatever grade it
// has since been upgraded to; the roster's 首次取证日期 says when that was.
describe('an upgraded certificate 二(二)5(3): 首次取证日期', () => {
  const upgraded: Partial<Clerk> = { startDate: d('2018-03-01'), cert: { grade: 3, date: d('2025-05-10'), firstDate: d('2019-01-10') } };
  const codes = (l: PayrollLine) => l.issues.map((i) => i.code);

  it.each<[string, Partial<Clerk>, string, number, number, PayrollLine['skill']['source'], string[]]>([
    // name, clerk, month, skill, seniority, skill source, findings
    ['upgraded 五级 (2019) → 三级 (2025-05): 6 years since the first certificate', upgraded, '2025-06', 200, 50, 'clerk', []],
    ['before the upgrade: the earlier certificate, at the lowest grade, said so', upgraded, '2025-03', 100, 50, 'clerk_before_upgrade', ['CERT_EARLIER_GRADE_UNKNOWN']],
    ['before the first certificate: none', upgraded, '2018-12', 0, 0, 'none', ['CERT_NOT_YET_VALID']],
    [
      'no 首次取证日期 and a certificate long after 上岗: counted from it, and said to be maybe understated',
      { startDate: d('2018-03-01'), cert: { grade: 3, date: d('2025-05-10') } },
      '2025-06', 200, 0, 'clerk', ['SENIORITY_MAY_BE_UNDERSTATED'],
    ],
    [
      'no 首次取证日期 and a certificate within the year after 上岗: nothing to say',
      { startDate: d('2018-03-01'), cert: { grade: 3, date: d('2019-01-10') } },
      '2025-06', 200, 50, 'clerk', [],
    ],
    [
      'a late certificate whose years reach the same bracket either way: nothing to say',
      { startDate: d('2019-01-01'), cert: { grade: 5, date: d('2020-06-01') } },
      '2025-06', 100, 50, 'clerk', [],
    ],
  ])('%s', (_, over, month, skill, seniority, source, findings) => {
    const l = pay(over, m(month));
    expect([l.skillAllowance, l.seniorityAllowance, l.skill.source]).toEqual([skill, seniority, source]);
    expect(codes(l)).toEqual(findings);
  });

  it('the maybe-understated finding cites 二(二)5(3); the fact carries the bracket it may have been', () => {
    const l = pay({ startDate: d('2018-03-01'), cert: { grade: 3, date: d('2025-05-10') } });
    const f = l.issues.find((i) => i.code === 'SENIORITY_MAY_BE_UNDERSTATED')!;
    expect(f.clause).toBe('二(二)5(3)');
    expect(f.data).toEqual({ certDate: '2025-05-10', workSince: '2018-03-01' });
    expect(l.facts.seniority.mayBeUnderstated).toEqual({ from: '2018-03-01', years: 7, amount: 50 });
  });

  it('the explanation names the first certificate', () => {
    const trace = payTrace(pay(upgraded).facts);
    expect(trace.find((s) => s.item === 'seniorityAllowance')!.because).toContain('自 2019-01-10（首次取证日期与上岗日期中较晚者）');
  });
});
