// Policy parameters as a printed sheet shows them (issue 22.2): a Chinese name and the value in
// words (一级/高级技师 600；…), never a parameter key or JSON. The keys stay in the JSON output
// and in `policy show`.
import type { IsoDate } from '../calendar.js';
import type { ParamPath } from '../policy/schema.js';
import { EDUCATION_LABEL, GRADE_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, SOCIAL_WORK_LABEL, TOWN_TYPE_LABEL } from '../domain.js';

// Every parameter has its name (a new one without a name fails the type check).
const PARAM_NAME: Record<ParamPath, string> = {
  'payroll.skill_allowance': '技能补贴标准（元/月）',
  'payroll.social_work_as_grade': '社会工作者证书折算的技能等级',
  'payroll.seniority_allowance': '年限补贴标准（元/月）',
  'payroll.education_allowance': '学历补贴标准（元/月）',
  'payroll.probation_pays': '试用期间发放的补贴',
  'payroll.evaluate_at': '按月计发时的判断日',
  'payroll.funding': '补贴资金渠道',
  'annual.grades': '年度考核等次的门槛',
  'annual.quota': '月度"好"的人数上限',
  'annual.partial_year_max_grade': '工作未满一年可评的最高等次',
  'annual.last_place': '连续考核末位',
  'annual.last_place_tie_share': '末位并列上限（占本中心有等次人数的比例）',
  'annual.lead_candidate': '可竞选窗口负责人的条件',
  'staffing.district_windows_min': '区级中心综合窗口最少个数',
  'staffing.town_windows_min': '镇街全科窗口最少个数',
  'staffing.clerks_per_window': '办事员与窗口数的最低配比（人/窗口）',
  'staffing.town_staff_min': '镇街便民服务中心人员最低配备',
  'hiring.max_age': '上岗时的最大周岁年龄',
  'hiring.min_education': '最低学历',
  'hiring.cert_within_years': '上岗后取得证书的年限',
  'hiring.min_working_age': '上岗、取证时的最低周岁年龄',
};

const KEY_LABEL: Record<string, string> = {
  ...SKILL_GRADE_LABEL,
  ...LEVEL_LABEL,
  ...EDUCATION_LABEL,
  ...SOCIAL_WORK_LABEL,
  ...TOWN_TYPE_LABEL,
  skill: '技能补贴',
  seniority: '年限补贴',
  education: '学历补贴',
  min_years: '连续工作满（年）',
  amount: '金额（元/月）',
  share: '比例',
  rounding: '取整',
  max_grade: '不高于',
  years: '连续年度数',
  min_skill_grade: '证书等级不低于',
  grade: '年度考核',
  direct: '直属人员',
  hr_social: '人社',
  civil_affairs: '民政',
  excellent_min_good: '优秀：好不少于（次）',
  competent_min_good: '称职：好不少于（次）',
  basically_competent_max_poor: '基本称职：差不超过（次）',
  incompetent_min_poor: '不称职：差累计达（次）',
  incompetent_consecutive_poor: '不称职：连续差达（月）',
};

const VALUE_LABEL: Record<string, string> = {
  ...GRADE_LABEL,
  ...EDUCATION_LABEL,
  skill: '技能补贴',
  seniority: '年限补贴',
  education: '学历补贴',
  floor: '向下取整',
  round: '四舍五入',
  ceil: '向上取整',
  end: '当月最后一天（或离岗日）',
  start: '当月第一天（或上岗日）',
};

/** Keys whose number is a skill grade (1 = 一级/高级技师 … 5 = 五级/初级工). */
const GRADE_NUMBER = new Set(['min_skill_grade', ...Object.keys(SOCIAL_WORK_LABEL)]);

/** A parameter's name as the sheet prints it; one the table does not know keeps its description. */
export function paramName(path: string, description: string): string {
  return (PARAM_NAME as Record<string, string>)[path] ?? description;
}

/** The parameters an older policy file lacked (taken from the built-in policy), by their names. */
export function filledNames(policy: { filled: readonly ParamPath[]; at: (p: ParamPath, d: IsoDate) => { description: string }; file: { effective: IsoDate } }): string[] {
  return policy.filled.map((p) => paramName(p, policy.at(p, policy.file.effective).description));
}

/** A parameter's value in words: 一级/高级技师 600；二级/技师 400；… */
export function paramValueText(value: unknown, key?: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return key !== undefined && GRADE_NUMBER.has(key) ? (SKILL_GRADE_LABEL[value as 1] ?? String(value)) : String(value);
  if (typeof value === 'string') return VALUE_LABEL[value] ?? value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length ? value.map((v) => paramValueText(v)).join('；') : '无';
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${KEY_LABEL[k] ?? k} ${paramValueText(v, k)}`)
    .join(typeof Object.values(value as object)[0] === 'object' ? '；' : '，');
}
