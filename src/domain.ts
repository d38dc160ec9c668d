// The vocabulary shared by the input layer, the rules and the reports.
import type { IsoDate } from './calendar.js';

/**
 * The largest monthly amount (元) a roster cell or a policy value may hold: a sanity bound,
 * not a policy figure. A typo such as 1e308 would otherwise sum to Infinity in a pay sheet.
 */
export const MAX_MONTHLY_YUAN = 1_000_000;

/** 职业技能等级 by the 2020 national standard: 1 = 一级/高级技师 … 5 = 五级/初级工. */
/** Annual assessment grades (二(二)8(2)), and 待定 while a suspension waits for its investigation. */
export type Grade = 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
export const GRADE_LABEL: Record<Grade | 'pending', string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
  pending: '待定',
};
/** Why a year is not a full one (二(二)8(2) 未满一年): a start within it, or months without a rating. */
export type PartialYear = { startDate: IsoDate; yearStart: IsoDate } | { unratedMonths: number };

/** Worst first: the order grades are compared in. */
export const GRADE_ORDER: readonly Grade[] = ['incompetent', 'basically_competent', 'competent', 'excellent'];

export type SkillGrade = 1 | 2 | 3 | 4 | 5;
export const SKILL_GRADE_LABEL: Record<SkillGrade, string> = {
  1: '一级/高级技师',
  2: '二级/技师',
  3: '三级/高级工',
  4: '四级/中级工',
  5: '五级/初级工',
};

/** 学历 after GB/T 4658, from lowest to highest. */
export const EDUCATION_LEVELS = ['below_college', 'college', 'bachelor', 'master', 'doctorate'] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];
export const EDUCATION_LABEL: Record<Education, string> = {
  below_college: '大专以下',
  college: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

export const SOCIAL_WORK_CERTS = ['assistant_social_worker', 'social_worker', 'senior_social_worker'] as const;
export type SocialWorkCert = (typeof SOCIAL_WORK_CERTS)[number];
export const SOCIAL_WORK_LABEL: Record<SocialWorkCert, string> = {
  assistant_social_worker: '助理社会工作师',
  social_worker: '社会工作师',
  senior_social_worker: '高级社会工作师',
};

/** 中心层级 */
export const LEVELS = ['district', 'town', 'village'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABEL: Record<Level, string> = { district: '区级', town: '镇街', village: '村社区' };

/** 镇街类型 */
export const TOWN_TYPES = ['general', 'small_city', 'central_subdistrict'] as const;
export type TownType = (typeof TOWN_TYPES)[number];
export const TOWN_TYPE_LABEL: Record<TownType, string> = {
  general: '一般',
  small_city: '小城市',
  central_subdistrict: '城区中心街道',
};

/**
 * Holds a clerk certificate on `date`, of any grade: what seniority (二(二)5(3) counts from the
 * first certificate) and 换岗 ask. The grade held is the roster's from its 取证日期 on; before
 * that, an earlier one (首次取证日期) whose grade the roster does not record.
 */
export function hasClerkCertificate(clerk: Pick<Clerk, 'cert'>, date: IsoDate): boolean {
  return clerk.cert !== undefined && certifiedSince(clerk.cert) <= date;
}

/** The day the clerk first held a clerk certificate: 首次取证日期, else 取证日期. */
export function certifiedSince(cert: NonNullable<Clerk['cert']>): IsoDate {
  return cert.firstDate ?? cert.date;
}

/** The roster column `certifiedSince` comes from, for messages. */
export function certifiedSinceColumn(cert: NonNullable<Clerk['cert']>): '首次取证日期' | '取证日期' {
  return cert.firstDate ? '首次取证日期' : '取证日期';
}

/** The lowest grade of the standard (五级/初级工): all an earlier certificate is known to be. */
export const LOWEST_SKILL_GRADE: SkillGrade = 5;

/** One clerk of the roster, already validated: every field a rule may read is typed. */
export interface Clerk {
  row: number;
  staffId: string;
  employeeNo?: string;
  name: string;
  idNumber?: string; // a valid 18-character ID, when one was given
  birthDate?: IsoDate; // as given, or derived from the ID
  birthDateSource?: 'column' | 'id';
  center: string;
  level: Level;
  levelSource: 'column' | 'name' | 'default';
  education: Education;
  startDate: IsoDate; // 上岗日期
  continuousStart?: IsoDate; // 连续工作起始日期
  /**
   * The clerk certificate: 证书等级 with its 取证日期 (the roster requires both or neither), and
   * 首次取证日期 when the current one upgraded an earlier certificate.
   */
  cert?: { grade: SkillGrade; date: IsoDate; firstDate?: IsoDate };
  otherCerts: SocialWorkCert[];
  probationEnd?: IsoDate; // 试用期截止日期
  probationFlag?: boolean; // 是否试用期
  baseSalary?: number; // 基本工资
  leaveDate?: IsoDate; // 离岗日期
}
