// Every issue the tool can raise, in one place (like ESLint rule meta): its severity, the
// clause or standard behind it, a message template and the fix a user should make.
// Codes are part of the output contract (docs/contract.md §6.3): add new ones, never rename.
import { SKILL_GRADE_LABEL, type SkillGrade } from '../domain.js';
import type { ParamPath } from '../policy/schema.js';
import { looksLikeId, maskId } from '../id-mask.js';
import { GRADE_LABEL, GRADE_ORDER, type Grade, type PartialYear } from '../domain.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/**
 * The data of a finding read from one cell (the input layer): the column, the value as written,
 * and what was expected or why it failed. `column`/`value` also appear on the output row.
 */
export interface CellData {
  column?: string;
  value?: string;
  expected?: string;
  detail?: string;
}

/** The data of a staffing minimum: the centre, the number required and the number found. */
export interface MinimumData {
  center: string;
  required: number;
  actual: number;
  windows?: string;
  ratio?: string;
  item?: string;
}

/** The data of a certificate deadline (hiring.cert_within_years): the dates and years it compared. */
export interface DeadlineData {
  column: string;
  value: string;
  expected: string;
  years: number;
  deadline: string;
}

/** The data of a date before the minimum working age (hiring.min_working_age). */
export interface WorkingAgeData {
  column: '上岗日期' | '取证日期' | '首次取证日期';
  value: string;
  birthDate: string;
  minAge: number;
  /** The day the minimum age is reached. */
  earliest: string;
}

/** A clerk's place at the bottom of their centre in one year (rules/career.ts). */
export interface PlaceData {
  year: number;
  center: string;
  grade: Grade;
  /** Clerks graded in the centre that year. */
  of: number;
  /** How many share the lowest grade. */
  tied: number;
  /** More tied than annual.last_place_tie_share of the centre, or all of it: not a 末位 to act on. */
  tooManyTied: boolean;
}

/** The data of 连续考核末位: who, how many years, and each year's place. */
export interface LastPlaceData {
  name: string;
  years: number;
  places: PlaceData[];
}

/** 2024年 基本称职，耿车镇便民服务中心 8 人中倒数第 1 名；2025年 基本称职，… 7 人中 7 人并列倒数第 1 名（全中心并列） */
/** A partial year in words (NOT_FULL_YEAR_CAPPED, the 依据 of 年度考核). */
export function partialYearText(p: PartialYear): string {
  return 'startDate' in p ? `上岗日期 ${p.startDate} 晚于 ${p.yearStart}` : `${p.unratedMonths} 个月没有考核记录`;
}

/** The grades above a cap, in words: 优秀, 称职及以上. */
export function notAllowedText(cap: Grade): string {
  const above = GRADE_ORDER[GRADE_ORDER.indexOf(cap) + 1];
  return above === undefined ? '' : `${GRADE_LABEL[above]}${above === 'excellent' ? '' : '及以上'}`;
}

export function placesText(places: readonly PlaceData[]): string {
  return places
    .map((x) => {
      const tie = x.tied === 1 ? '倒数第 1 名' : ` ${x.tied} 人并列倒数第 1 名${x.tied === x.of ? '（全中心并列）' : ''}`;
      return `${x.year}年 ${GRADE_LABEL[x.grade]}，${x.center} ${x.of} 人中${tie}`;
    })
    .join('；');
}

/** CERT_OVERDUE: the start date, the years allowed and the deadline passed (not the date it was judged at). */
export type OverdueData = Omit<DeadlineData, 'expected'>;

/**
 * One entry per code, as ESLint's rule meta: severity, the clause (a parameter's, read from the
 * policy, or a fixed reference), title, fix, and a message template over the code's own data
 * type. `required`/`actual` say what the rule asks and found, for 检查结果; by default the
 * data's fields of those names.
 */
interface IssueMeta {
  severity: Severity;
  /** The parameter whose clause an input-layer finding cites (rules pass the clause they read)… */
  param?: ParamPath;
  /** …or a fixed reference when no parameter is involved. */
  reference?: string;
  title: string;
  fix: string;
  message: (d: never) => string;
  required?: (d: never) => string | number;
  actual?: (d: never) => string | number;
  /** A rule finding: its message ends by citing the clause (（二(二)1）). */
  cite?: boolean;
}

/** 要求/实际 of both working-age codes: the day the age is reached, and the date written. */
const workingAgeFields = { required: (d: WorkingAgeData) => `${d.earliest} 及以后`, actual: (d: WorkingAgeData) => d.value };

const q = (v: unknown) => `“${String(v ?? '')}”`;

export const CATALOGUE = {
  // —— input values (docs/contract.md §3) ——
  VALUE_REQUIRED: {
    severity: 'error',
    title: '必填项为空',
    fix: '补填该单元格；若是公式，请在 Excel/WPS 中打开文件并保存一次，让公式结果写入文件。',
    message: (d: CellData) => `「${d.column}」为空${d.detail ? `（${d.detail}）` : ''}，此项必须填写`,
  },
  VALUE_INVALID: {
    severity: 'error',
    title: '取值无法识别',
    fix: '按该列的可选值填写（见 `gov-clerk template` 生成的填写说明）。',
    message: (d: CellData) => `「${d.column}」的值${q(d.value)}无法识别，应为${d.expected}`,
  },
  DATE_INVALID: {
    severity: 'error',
    title: '日期无效',
    fix: '填写真实存在的日期，如 2025-06-01、2025/6/1、2025年6月1日，或设置为 Excel 日期格式。',
    message: (d: CellData) =>
      `「${d.column}」的值${q(d.value)}不是有效日期${d.detail ? `（${d.detail}）` : ''}，应为 2025-06-01、2025/6/1、2025年6月1日 或 Excel 日期`,
  },
  DATE_IMPRECISE: {
    severity: 'warning',
    title: '日期只到月份',
    fix: '补全到具体日期。',
    message: (d: CellData) => `「${d.column}」的值${q(d.value)}只写到月份，已按该月1日计算，请补全到具体日期`,
  },
  ID_INVALID: {
    severity: 'error',
    reference: 'GB 11643-1999',
    title: '身份证号无效',
    fix: '核对身份证号；整列设置为"文本"格式后重新录入（数字格式会丢失后三位）。',
    message: (d: CellData) => `「${d.column}」不是有效的身份证号（${maskId(String(d.value ?? ''))}）：${d.detail}`,
  },
  EDUCATION_AMBIGUOUS: {
    severity: 'warning',
    param: 'payroll.education_allowance',
    title: '学历需核实',
    fix: '核对毕业证书，确认后按"本科""硕士研究生"等标准写法填写。',
    message: (d: CellData) => `「${d.column}」的值${q(d.value)}按${d.expected}计算，${d.detail}，请核对学历证书`,
  },
  CERT_UNKNOWN: {
    severity: 'info',
    param: 'payroll.social_work_as_grade',
    title: '其他证书未识别',
    fix: '只有社会工作者职业资格证书参与技能补贴；其他证书可以保留，不影响计算。',
    message: (d: CellData) => `「${d.column}」中的${q(d.value)}不是可计补贴的证书（助理社会工作师、社会工作师、高级社会工作师），已忽略`,
  },
  CENTER_LEVEL_UNKNOWN: {
    severity: 'warning',
    param: 'payroll.funding',
    title: '中心层级无法判断',
    fix: '在「中心层级」列填写 区级、镇街 或 村社区。',
    message: (d: CellData) => `无法从中心名称${q(d.value)}判断层级，已按镇街处理，请填写「中心层级」`,
  },
  PLACEHOLDER_VALUE: {
    severity: 'warning',
    title: '占位符按空白处理',
    fix: '没有的就留空；有的请填写真实的工号或身份证号。',
    message: (d: CellData) => `「${d.column}」的值${q(d.value)}是占位符，已按空白处理（不用于识别人员）`,
  },
  INVISIBLE_CHARS: {
    severity: 'info',
    title: '去掉了看不见的字符',
    fix: '无需修改；如需整洁，可在 Excel/WPS 中重新录入该单元格。',
    message: (d: CellData) => `「${d.column}」中有看不见的字符（零宽空格、不间断空格等），已去掉，按${q(d.value)}识别`,
  },
  EXAMPLE_ROW: {
    severity: 'error',
    title: '模板的示例行',
    fix: '删除模板中标有"（示例）"的第 2 行，或把它改成真实数据（去掉"示例"二字）。',
    message: (d: { column: string; value: string }) => `这是模板中的示例行（「${d.column}」为${q(d.value)}），没有计入，请删除该行或改成真实数据`,
  },
  COLUMN_DUPLICATE: {
    severity: 'warning',
    title: '重复的列',
    fix: '删除或改名多余的列。',
    message: (d: { column: string; value: string; expected: string }) => `表头中「${d.value}」与「${d.expected}」都对应「${d.column}」，只使用了第一列`,
  },
  COLUMN_GUESSED: {
    severity: 'warning',
    title: '按相近的列名读取',
    fix: '核对这一列确实是所说的列；不是的话改表头，或用 --columns 指定（如 --columns 证书级别=证书等级，不用的列写 =忽略）。',
    message: (d: { column: string; value: string; how: 'weak' | 'similar' }) =>
      `表头「${d.value}」按「${d.column}」读取（${d.how === 'weak' ? '常见的写法，表中没有「' + d.column + '」列' : '与标准列名相近'}），如不对请改表头或用 --columns 指定`,
  },
  COLUMN_UNUSED: {
    severity: 'info',
    title: '未使用的列',
    fix: '本工具不需要的列可以保留；若它就是某个标准列，请改表头或用 --columns 指定（如 --columns 证书级别=证书等级）。',
    message: (d: { value: string; position: number; likely: string[]; present: boolean }) =>
      `第 ${d.position} 列「${d.value}」没有用到` +
      (d.likely.length === 0
        ? ''
        : d.present
          ? `（与已读取的「${d.likely.join('」「')}」列相近）`
          : `（可能是「${d.likely.join('」或「')}」，如是请改表头或用 --columns 指定）`),
  },
  COLUMN_MISSING: {
    severity: 'warning',
    title: '缺少影响金额的列',
    fix: '确实没有这项的可以不加；有的请在表头中加上该列（或用 --columns 指明对应的列）。',
    message: (d: { column: string; effect: string }) => `表头中没有「${d.column}」列：${d.effect}`,
  },

  // —— payroll (docs/contract.md §4.1) ——
  SOCIAL_WORK_MAPPED: {
    severity: 'info',
    param: 'payroll.social_work_as_grade',
    title: '按社工证计技能补贴',
    fix: '无需修改；如本地对社工证另有对应规定，请在政策文件 social_work_as_grade 中调整。',
    message: (d: { column: string; value: string; expected: string }) => `技能补贴按${d.value}折算为${d.expected}档计发（本地解释）`,
  },
  CERT_EARLIER_GRADE_UNKNOWN: {
    severity: 'warning',
    param: 'payroll.skill_allowance',
    title: '升级前的证书等级未知',
    fix: '核对此人升级前的证书等级；高于所按等级的，差额请人工补发（花名册只记录现在的证书）。',
    // No month in the data: over a range it is one finding naming its months.
    message: (d: { firstDate: string; certDate: string; paidGrade: SkillGrade }) =>
      `首次取证（${d.firstDate}）之后、升级（${d.certDate}）之前的月份，持有的证书等级花名册没有记录，技能补贴按最低的${SKILL_GRADE_LABEL[d.paidGrade]}档计发`,
  },
  SENIORITY_MAY_BE_UNDERSTATED: {
    cite: true,
    severity: 'warning',
    param: 'payroll.seniority_allowance',
    title: '年限补贴可能少算',
    fix: '此人在取证日期之前已取得较低等级办事员证书的，请在「首次取证日期」填写第一次取证的日期；确实是第一次取证的无需修改。',
    // No month in the data (the brackets differ by month, the 计算依据 sheet shows each): one finding over a range.
    message: (d: { certDate: string; workSince: string }) =>
      `取证日期 ${d.certDate} 距 ${d.workSince} 开始工作已超过取证期限，可能是证书升级的日期；没有「首次取证日期」，年限从取证日期算起，若此前已有办事员证书，年限补贴少算了`,
  },
  CERT_NOT_YET_VALID: {
    severity: 'info',
    param: 'payroll.skill_allowance',
    title: '取证日期晚于计算日',
    fix: '无需修改；证书自取证日期所在月起计发。若日期录错请更正。',
    // No calculation date in the data: over a range it is one finding naming its months (as CERT_OVERDUE).
    message: (d: { column: string; value: string }) => `${d.column} ${d.value} 晚于当月的计算日，当月不按该证书计发`,
  },

  // —— roster checks (docs/contract.md §4.4) ——
  AGE_OVER_LIMIT: {
    cite: true,
    severity: 'warning',
    param: 'hiring.max_age',
    title: '上岗年龄超过规定',
    fix: '核对出生日期与上岗日期；属实的请按选聘条件复核。',
    message: (d: { column: string; value?: string; actual: number; required: number }) => `上岗时 ${d.actual} 周岁，超过选聘条件"${d.required}周岁以下"`,
  },
  EDUCATION_BELOW_MIN: {
    cite: true,
    severity: 'warning',
    param: 'hiring.min_education',
    title: '学历低于选聘条件',
    fix: '核对学历；属实的请按选聘条件复核。',
    message: (d: { column: string; actual: string; required: string }) => `学历为${d.actual}，低于选聘条件"${d.required}及以上学历"`,
  },
  CERT_OVERDUE: {
    cite: true,
    severity: 'warning',
    param: 'hiring.cert_within_years',
    title: '上岗超过规定年限未取证',
    fix: '安排参加政务服务办事员职业技能等级认定，或按方案建议换岗。',
    // No as-of date in the data: the same finding in every month of a range is one finding, with its months (issue 21.8).
    message: (d: OverdueData) => `上岗日期 ${d.value}，应在上岗后 ${d.years} 年内（${d.deadline} 前）取得办事员技能等级证书，逾期仍未取得`,
    required: (d: OverdueData) => `${d.deadline} 前取证`,
    actual: () => '逾期未取证',
  },
  CERT_LATE: {
    cite: true,
    severity: 'info',
    param: 'hiring.cert_within_years',
    title: '取证晚于规定年限',
    fix: '无需修改，供复核。',
    message: (d: DeadlineData) => `取证日期 ${d.value} 晚于上岗日期 ${d.expected} 满 ${d.years} 年之后`,
    required: (d: DeadlineData) => `${d.deadline} 前取证`,
    actual: (d: DeadlineData) => `${d.value} 取证`,
  },
  ID_BIRTH_MISMATCH: {
    severity: 'warning',
    reference: 'GB 11643-1999',
    title: '出生日期与身份证号不符',
    fix: '核对出生日期和身份证号，改正录错的一项。',
    message: (d: { column: string; value: string; expected: string }) => `出生日期 ${d.value} 与身份证号中的出生日期 ${d.expected} 不一致`,
  },
  DUPLICATE_STAFF: {
    severity: 'error',
    title: '人员重复',
    fix: '同一人只保留一行；不同的人请更正工号或身份证号。重复的各行都不发放，以免重复发放。',
    // The value is kept whole for the 数据问题 sheet (masked there with --mask-id); the message never shows a full ID.
    message: (d: { column: string; value: string; detail: string }) => `${d.column}${q(d.column === '身份证号' ? maskId(d.value) : d.value)}同时出现在第 ${d.detail} 行，这些行都不予发放`,
  },
  DATE_ORDER: {
    // 离岗 before 上岗 only: a contradiction, no clause. The working-age situations have their own codes (below).
    severity: 'error',
    title: '日期先后矛盾',
    fix: '核对上岗日期和离岗日期，改正录错的一项；该行核实前不发放。',
    message: (d: { column: string; value: string; expected: string }) => `离岗日期 ${d.value} 早于上岗日期 ${d.expected}，该行不予发放`,
    required: (d: { expected: string }) => `不早于上岗日期 ${d.expected}`,
    actual: (d: { value: string }) => d.value,
  },
  START_BEFORE_WORKING_AGE: {
    cite: true,
    severity: 'error',
    param: 'hiring.min_working_age',
    title: '上岗时未满最低就业年龄',
    fix: '核对出生日期（或身份证号）和上岗日期，改正录错的一项；该行核实前不发放。',
    message: (d: WorkingAgeData) => `上岗日期 ${d.value} 时未满 ${d.minAge} 周岁（出生日期 ${d.birthDate}，${d.earliest} 满 ${d.minAge} 周岁），可能是日期录错，该行不予发放`,
    ...workingAgeFields,
  },
  CERT_BEFORE_WORKING_AGE: {
    severity: 'warning',
    title: '取证时未满最低就业年龄',
    fix: '核对出生日期（或身份证号）和取证日期，录错的请改正；属实的无需修改。补贴照常计发。',
    message: (d: WorkingAgeData) => `${d.column} ${d.value} 时未满 ${d.minAge} 周岁（出生日期 ${d.birthDate}），请核对是否录错；补贴照常计发`,
    ...workingAgeFields,
  },

  // —— annual (docs/contract.md §4.2) ——
  RATING_UNKNOWN: {
    severity: 'warning',
    param: 'annual.grades',
    title: '月度等次无法识别',
    fix: '月度等次填写 好、一般、差 或 暂停。',
    message: (d: { column: string; value: string }) => `「${d.column}」的值${q(d.value)}不是月度考核等次（好、一般、差、暂停），该月按未考核处理`,
  },
  MONTH_MISSING: {
    severity: 'warning',
    param: 'annual.grades',
    title: '在岗月份缺少考核',
    fix: '补录该月的月度考核等次。',
    message: (d: { value: string }) => `${d.value}在岗但没有月度考核等次，按暂停处理（分别按好、差测算）`,
  },
  NOT_FULL_YEAR_CAPPED: {
    cite: true,
    severity: 'info',
    param: 'annual.partial_year_max_grade',
    title: '未满一年等次受限',
    fix: '需人工复核："原则上"不得评为优秀。',
    message: (d: { partial: PartialYear; cap: Grade }) => `当年工作未满一年（${partialYearText(d.partial)}），原则上不得评为${notAllowedText(d.cap)}，已评为${GRADE_LABEL[d.cap]}，请人工复核`,
  },
  QUOTA_EXCEEDED: {
    cite: true,
    severity: 'error',
    param: 'annual.quota',
    title: '月度"好"超过比例',
    fix: '复核该中心该月的月度考核，使"好"的人数不超过上限。',
    message: (d: { center: string; month: string; staff: number; good: number; limit: number }) => `${d.center} ${d.month} 窗口人员 ${d.staff} 人，"好" ${d.good} 人，超过上限 ${d.limit} 人`,
    required: (d: { limit: number }) => `不超过 ${d.limit} 人`,
    actual: (d: { good: number }) => `${d.good} 人`,
  },
  YEAR_INCOMPLETE: {
    severity: 'warning',
    param: 'annual.grades',
    title: '考核数据不满12个月',
    fix: '确认是否遗漏了月份的考核数据。',
    message: (d: { detail: string }) => `考核数据只覆盖 ${d.detail}，没有任何人员12个月齐全`,
  },

  LAST_PLACE_CONSECUTIVE: {
    cite: true,
    severity: 'warning',
    param: 'annual.last_place',
    title: '连续考核末位',
    fix: '按方案建议换岗任用，并选派符合要求的工作人员上岗（条款见本条）；末位的认定见「连续考核末位」表的依据。',
    message: (d: LastPlaceData) => `${d.name} 连续 ${d.years} 个年度考核末位（${placesText(d.places)}），建议换岗任用`,
  },
  LAST_PLACE_TIED: {
    cite: true,
    severity: 'warning',
    param: 'annual.last_place_tie_share',
    title: '末位并列过多，需人工确定',
    fix: '并列最低的人太多（或全中心等次相同），"末位"无从认定：请结合平时表现由人工确定是否换岗；比例见「政策参数」中的"末位并列上限"。',
    message: (d: LastPlaceData & { share: number }) =>
      `${d.name} 连续 ${d.years} 个年度等次在本中心最低，但并列的人数超过本中心有等次人数的 ${Math.round(d.share * 100)}%（或全中心并列），不据此认定末位、未建议换岗，请人工确定（${placesText(d.places)}）`,
  },
  RATINGS_NOT_FILED: {
    cite: true,
    severity: 'warning',
    param: 'annual.quota',
    title: '月度考核未报送',
    fix: '请该中心补报这个月的月度考核；如该月确实无人在岗，更正花名册的上岗、离岗日期。',
    message: (d: { center: string; month: string; staff: number }) => `${d.center} ${d.month} 有 ${d.staff} 名办事员在岗（花名册），但所读的文件中没有该中心这个月的考核，视为未报送`,
  },
  RATING_CONFLICT: {
    severity: 'error',
    param: 'annual.grades',
    title: '同月等次矛盾',
    fix: '同一人同一月份只保留一个等次。',
    message: (d: { column: string; month: string; value: string }) => `${d.month} 有两个不同的等次（${d.value}），该月按未考核处理`,
  },
  NOT_IN_ROSTER: {
    severity: 'warning',
    title: '花名册中找不到此人',
    fix: '核对工号、姓名和所属中心是否与花名册一致。',
    message: (d: { value: string }) => `考核表中的${q(d.value)}在花名册中找不到，按没有花名册处理（不判断在岗月份、是否满一年）`,
  },
  CENTER_REQUIRED: {
    severity: 'error',
    param: 'annual.quota',
    title: '缺少所属中心',
    fix: '在考核表中填写所属中心，或同时提供花名册。',
    message: (d: { column: string; value: string }) => `无法确定${q(d.value)}的所属中心，不参与月度比例核算`,
  },

  // —— staffing (docs/contract.md §4.3) ——
  WINDOWS_BELOW_MIN: {
    cite: true,
    severity: 'error',
    param: 'staffing.district_windows_min',
    title: '窗口数不足',
    fix: '增设综合(全科)窗口至规定数量。',
    message: (d: MinimumData) => `${d.center} 窗口 ${d.actual} 个，少于规定的 ${d.required} 个`,
  },
  CLERK_RATIO_BELOW_MIN: {
    cite: true,
    severity: 'error',
    param: 'staffing.clerks_per_window',
    title: '办事员少于窗口数',
    fix: '补充政务服务办事员，使人数不少于窗口数。',
    message: (d: MinimumData) => `${d.center} 办事员 ${d.actual} 人，少于规定的 ${d.required} 人（窗口 ${d.windows} 个，配比不低于 ${d.ratio}:1）`,
  },
  TOWN_STAFF_BELOW_MIN: {
    cite: true,
    severity: 'error',
    param: 'staffing.town_staff_min',
    title: '镇街人员配备不足',
    fix: '按政策规定的直属、人社、民政人员数补足配备。',
    message: (d: MinimumData) => `${d.center} ${d.item} ${d.actual} 人，少于规定的 ${d.required} 人`,
  },
  HEADCOUNT_MISMATCH: {
    severity: 'warning',
    title: '填报人数与花名册不符',
    fix: '更正中心表中的办事员人数，或更新花名册。',
    message: (d: { column: string; value: string; center: string; declared: number; actual: number }) => `${d.center} 填报办事员 ${d.declared} 人，花名册在岗 ${d.actual} 人，已按花名册计算`,
  },
  CENTER_UNKNOWN: {
    severity: 'warning',
    title: '中心不在中心表中',
    fix: '在中心表中补充该中心，或更正花名册中的中心名称。',
    message: (d: { center: string; actual: number }) => `花名册中的中心${q(d.center)}（${d.actual} 人）不在中心表中`,
  },
} satisfies Record<string, IssueMeta>;

export type IssueCode = keyof typeof CATALOGUE;

/** Codes about one cell's value, raised by the input layer with CellData. */
export type CellCode =
  | 'VALUE_REQUIRED' | 'VALUE_INVALID' | 'DATE_INVALID' | 'DATE_IMPRECISE' | 'ID_INVALID'
  | 'EDUCATION_AMBIGUOUS' | 'CERT_UNKNOWN' | 'CENTER_LEVEL_UNKNOWN' | 'PLACEHOLDER_VALUE' | 'INVISIBLE_CHARS' | 'EXAMPLE_ROW';

/** The data a code's message is written from. */
export type DataOf<C extends IssueCode> = Parameters<(typeof CATALOGUE)[C]['message']>[0];

/**
 * A finding as the rules return it: its code, where it is, the clause, and its data. No
 * message: that is made when it is shown or written (messageOf), so a run with hundreds of
 * thousands of findings holds only these few references each.
 */
export type Issue = { [C in IssueCode]: IssueOf<C> }[IssueCode];
export interface IssueOf<C extends IssueCode> {
  readonly code: C;
  readonly row?: number;
  readonly staffId?: string;
  /** The centre a staffing finding is about. */
  readonly center?: string;
  readonly clause?: string;
  /** The file the row is in, when several files were read (annual over many rating files). */
  readonly file?: string;
  /** The person's 姓名, shown beside the 工号 when a run knows it (annual, check-staffing). */
  readonly name?: string;
  readonly data: DataOf<C>;
}

export interface IssueContext {
  row?: number;
  staffId?: string;
  center?: string;
  file?: string;
  /** The clause of the parameter the rule read to raise this finding… */
  clause?: string;
  /**
   * …or, for the input layer (no rule ran yet), the clause of the parameter the catalogue names
   * for the code: the one the value feeds.
   */
  clauseOf?: (path: ParamPath) => string;
}

export function makeIssue<C extends IssueCode>(code: C, ctx: IssueContext, data: DataOf<C>): Extract<Issue, { code: C }> {
  const meta: IssueMeta = CATALOGUE[code];
  const clause = ctx.clause ?? (meta.param && ctx.clauseOf ? ctx.clauseOf(meta.param) : meta.reference);
  return {
    code,
    data,
    ...(ctx.row !== undefined ? { row: ctx.row } : {}),
    ...(ctx.staffId !== undefined ? { staffId: ctx.staffId } : {}),
    ...(ctx.center !== undefined ? { center: ctx.center } : {}),
    ...(clause ? { clause } : {}),
    ...(ctx.file !== undefined ? { file: ctx.file } : {}),
  } as IssueOf<C> as Extract<Issue, { code: C }>;
}

export function severityOf(issue: Issue): Severity {
  return CATALOGUE[issue.code].severity;
}

/** The message: location + the code's template (+ the clause, for rule findings). */
export function messageOf(issue: Issue): string {
  const meta: IssueMeta = CATALOGUE[issue.code];
  const cited = meta.cite && issue.clause ? `（${issue.clause}）` : '';
  return location(issue.row, issue.staffId, issue.file, issue.name) + (meta.message as (d: unknown) => string)(issue.data) + cited;
}

/** The fields an output row shows beside the message. */
export function fieldsOf(issue: Issue): { column?: string; value?: string; required?: string | number; actual?: string | number } {
  const meta: IssueMeta = CATALOGUE[issue.code];
  const d = issue.data as { column?: string; value?: string; required?: string | number; actual?: string | number };
  const required = meta.required ? (meta.required as (d: unknown) => string | number)(d) : d.required;
  const actual = meta.actual ? (meta.actual as (d: unknown) => string | number)(d) : d.actual;
  return {
    ...(d.column !== undefined ? { column: d.column } : {}),
    ...(d.value !== undefined ? { value: d.value } : {}),
    ...(required !== undefined ? { required } : {}),
    ...(actual !== undefined ? { actual } : {}),
  };
}

/** Where an issue is, as its message begins: "第 12 行（E001）：", "耿车镇.xlsx 第 12 行（张三，E001）：". */
function location(row: number | undefined, staffId: string | undefined, file?: string, name?: string): string {
  const where = row !== undefined ? `${file !== undefined ? `${file} ` : ''}第 ${row} 行` : '';
  // A staffId that is an ID number is masked in the message: the terminal never shows a full ID.
  const id = staffId ? (looksLikeId(staffId) ? maskId(staffId) : staffId) : '';
  const who = id ? `（${name !== undefined && name !== id && !staffId!.startsWith(`${name}@`) ? `${name}，` : ''}${id}）` : '';
  return where || who ? `${where}${who}：` : '';
}

/** An issue's message without the location it begins with, for a sentence that names the row itself. */
export function messageWithoutLocation(issue: Issue): string {
  return messageOf({ ...issue, row: undefined, staffId: undefined, file: undefined, name: undefined } as Issue);
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then notes; by row within each; otherwise as found. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  // Array.prototype.sort is stable: equal keys keep the order found, without an index per issue.
  return issues.slice().sort((a, b) => SEVERITY_ORDER[severityOf(a)] - SEVERITY_ORDER[severityOf(b)] || (a.row ?? 0) - (b.row ?? 0));
}
