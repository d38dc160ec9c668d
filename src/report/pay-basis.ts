// 计算依据 in words: each pay item's inputs, clause and reason, made from the facts the
// formulas returned (rules/pay-items.ts). The same steps feed the 计算依据 sheet, --explain
// and the JSON `trace`.
import { formatChineseDate } from '../calendar.js';
import { EDUCATION_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, SOCIAL_WORK_LABEL } from '../domain.js';
import type { PayItem } from '../rules/pay-items.js';
import type { PayFacts } from '../rules/payroll.js';

export interface TraceStep {
  item: PayItem | 'evaluationDate' | 'probation' | 'funding';
  amount?: number;
  clause: string;
  inputs: string;
  because: string;
}

/** How trace items are named in every output. */
export const TRACE_ITEM_LABEL: Record<TraceStep['item'], string> = {
  evaluationDate: '计算日',
  probation: '试用期',
  skillAllowance: '技能补贴',
  seniorityAllowance: '年限补贴',
  educationAllowance: '学历补贴',
  funding: '资金渠道',
};

const PROBATION_ITEM_LABEL: Record<'skill' | 'seniority' | 'education', string> = {
  skill: '基本工资、技能补贴',
  seniority: '年限补贴',
  education: '学历补贴',
};

export function payTrace(f: PayFacts): TraceStep[] {
  const { clerk, evaluation, probation, skill, seniority, education, funding, withheld } = f;
  const E = evaluation.date;
  const steps: TraceStep[] = [
    {
      item: 'evaluationDate',
      clause: evaluation.param.clause,
      inputs: `上岗日期 ${clerk.startDate}${clerk.leaveDate ? `，离岗日期 ${clerk.leaveDate}` : ''}`,
      because: `按 ${formatChineseDate(E)} 的情况计算本月补贴（${evaluation.param.value === 'end' ? '月末或离岗日' : '月初或上岗日'}）`,
    },
  ];
  if (probation.onProbation) {
    steps.push({
      item: 'probation',
      clause: probation.param.clause,
      inputs: [
        clerk.probationEnd ? `试用期截止日期 ${clerk.probationEnd}` : '',
        clerk.probationFlag !== undefined ? `是否试用期 ${clerk.probationFlag ? '是' : '否'}` : '',
      ]
        .filter(Boolean)
        .join('，'),
      because: `${probation.byDate ? `试用期截止日期不早于 ${E}` : '标明在试用期'}，试用期间只发放${
        probation.param.value.map((p) => PROBATION_ITEM_LABEL[p]).join('、') || '基本工资'
      }`,
    });
  }
  const item = (name: PayItem, amount: number, clause: string, inputs: string, because: string) => {
    const held = withheld.has(name);
    steps.push({ item: name, amount: held ? 0 : amount, clause, inputs, because: held ? `试用期间不发放（${because}）` : because });
  };

  const others = clerk.otherCerts.map((c) => SOCIAL_WORK_LABEL[c]);
  item(
    'skillAllowance',
    skill.amount,
    skill.param.clause,
    [clerk.cert ? `证书等级 ${SKILL_GRADE_LABEL[clerk.cert.grade]}，取证日期 ${clerk.cert.date}${clerk.cert.firstDate ? `，首次取证日期 ${clerk.cert.firstDate}` : ''}` : '无办事员证书', others.length ? `其他证书 ${others.join('、')}` : '']
      .filter(Boolean)
      .join('；'),
    skillBecause(skill, clerk.cert !== undefined, others.length > 0, E),
  );

  const since = clerk.continuousStart ? '连续工作起始日期' : '上岗日期';
  item(
    'seniorityAllowance',
    seniority.amount,
    seniority.param.clause,
    `取证日期 ${clerk.cert?.date ?? '无'}${clerk.cert?.firstDate ? `，首次取证日期 ${clerk.cert.firstDate}` : ''}，${clerk.continuousStart ? `连续工作起始日期 ${clerk.continuousStart}` : `上岗日期 ${clerk.startDate}`}`,
    seniority.years === null
      ? skill.paid.source === 'social_work'
        ? '只有社工证、没有办事员技能等级证书，不计年限补贴'
        : '没有有效的办事员技能等级证书，不计年限补贴'
      : `自 ${seniority.since}（${clerk.cert?.firstDate ? '首次取证日期' : '取证日期'}与${since}中较晚者）至 ${E} 连续工作满 ${seniority.years} 年，${
          seniority.bracket
            ? `满 ${seniority.bracket.min_years} 年档 ${seniority.bracket.amount} 元/月`
            : `不满 ${seniority.param.value[0]!.min_years} 年，不发`
        }`,
  );

  const edu = EDUCATION_LABEL[education.education];
  item('educationAllowance', education.amount, education.param.clause, `学历 ${edu}`, `${edu} ${education.amount} 元/月`);

  const level = LEVEL_LABEL[clerk.level];
  steps.push({
    item: 'funding',
    clause: funding.param.clause,
    inputs: `所属中心 ${clerk.center}，层级 ${level}${clerk.levelSource === 'name' ? '（由中心名称判断）' : clerk.levelSource === 'default' ? '（无法判断，按镇街）' : ''}`,
    because: `${level}由${funding.channel}保障`,
  });
  return steps;
}

function skillBecause(skill: PayFacts['skill'], hasClerkCert: boolean, others: boolean, E: string): string {
  const p = skill.paid;
  if (p.source === 'none') return hasClerkCert ? `取证日期晚于 ${E}，本月尚无有效证书` : '没有可计补贴的技能等级证书';
  if (p.source === 'clerk') return `${SKILL_GRADE_LABEL[p.grade]} ${skill.amount} 元/月${others ? '（多项证书以最高等级为准，不叠加）' : ''}`;
  if (p.source === 'clerk_before_upgrade') {
    return `本月持有的是升级前的证书，花名册未记录其等级，按最低的${SKILL_GRADE_LABEL[p.grade]} ${skill.amount} 元/月计（请核对）`;
  }
  return `${SOCIAL_WORK_LABEL[p.cert]}按${SKILL_GRADE_LABEL[p.grade]}档计 ${skill.amount} 元/月（本地解释；多项证书以最高等级为准，不叠加）`;
}
