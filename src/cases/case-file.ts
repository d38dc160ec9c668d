// A policy's test cases (`gov-clerk policy test`), in the manner of OpenFisca's YAML tests: each
// case gives a clerk (as roster columns), a year of ratings or a centre, a month or a date, and
// what the policy must give. Read and checked here; run in cases/run.ts.
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { parseIsoDate, parseMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { describeZodIssue, readSmallText, type TextFileKind } from '../policy/load.js';

const CASE_FILE: TextFileKind = { label: '用例文件', option: '命令中用例文件的路径', template: ' `gov-clerk policy init` 导出的用例文件' };

/** A row's cells as the case writes them: column header → value (a date is written 2025-06-30). */
const fields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const month = z.string().transform((s, ctx) => parseMonth(s) ?? (ctx.addIssue({ code: 'custom', message: '应为 YYYY-MM' }), z.NEVER));
const date = z.string().transform((s, ctx) => parseIsoDate(s) ?? (ctx.addIssue({ code: 'custom', message: '应为存在的日期 YYYY-MM-DD' }), z.NEVER));
const money = z.number().nonnegative();
const yesNo = z.enum(['是', '否']);
const code = z.string().regex(/^[A-Z_]+$/, '应为问题代码，如 CERT_OVERDUE');
/** A finding expected: its code, or the code with the severity and clause it must have. */
const finding = z.union([code, z.strictObject({ code, 级别: z.enum(['错误', '警告', '提示']).optional(), 条款: z.string().optional() })]);
const codes = z.array(finding);
export type ExpectedFinding = z.output<typeof finding>;

const common = { name: z.string().min(1), clause: z.string().optional(), note: z.string().optional() };

const payrollCase = z.strictObject({
  ...common,
  payroll: z.strictObject({ month, clerk: fields }),
  expect: z.strictObject({
    发放: yesNo.optional(),
    技能补贴: money.optional(),
    年限补贴: money.optional(),
    学历补贴: money.optional(),
    补贴合计: money.optional(),
    应发合计: money.optional(),
    连续工作年限: z.number().int().nonnegative().nullable().optional(),
    试用期: yesNo.optional(),
    资金渠道: z.string().optional(),
    findings: codes.optional(),
  }),
});

const grades = z.enum(['优秀', '称职', '基本称职', '不称职', '待定']);
const annualCase = z.strictObject({
  ...common,
  annual: z.strictObject({
    year: z.number().int().min(1900).max(9999),
    /** Twelve ratings, January first: a list, or one character each (好/般/差/停/_). */
    months: z.union([z.string(), z.array(z.string().nullable())]),
    /** The clerk's roster row, when the case is about on-post months, a partial year or 换岗. */
    roster: fields.optional(),
  }),
  expect: z.strictObject({
    等次: grades.optional(),
    等次范围: z.tuple([grades, grades]).optional(),
    建议: z.array(z.string()).optional(),
    findings: codes.optional(),
  }),
});

const staffingCase = z.strictObject({
  ...common,
  staffing: z.strictObject({ as_of: date, center: fields }),
  expect: z.strictObject({ findings: codes }),
});

const rosterCase = z.strictObject({
  ...common,
  roster: z.strictObject({ as_of: date, clerk: fields }),
  expect: z.strictObject({ findings: codes }),
});

const quotaCase = z.strictObject({
  ...common,
  /** One centre's month: `staff` clerks rated, `good` of them 好. */
  quota: z.strictObject({ month, staff: z.number().int().min(1).max(100_000), good: z.number().int().nonnegative() }),
  expect: z.strictObject({ 上限: z.number().int().nonnegative().optional(), 符合: yesNo.optional() }),
});

const KINDS = { payroll: payrollCase, annual: annualCase, quota: quotaCase, staffing: staffingCase, roster: rosterCase } as const;
export type CaseKind = keyof typeof KINDS;

export type PayrollCase = z.output<typeof payrollCase> & { kind: 'payroll' };
export type AnnualCase = z.output<typeof annualCase> & { kind: 'annual' };
export type StaffingCase = z.output<typeof staffingCase> & { kind: 'staffing' };
export type RosterCase = z.output<typeof rosterCase> & { kind: 'roster' };
export type QuotaCase = z.output<typeof quotaCase> & { kind: 'quota' };
export type PolicyCase = PayrollCase | AnnualCase | QuotaCase | StaffingCase | RosterCase;

export interface CaseFile {
  path: string;
  /** The policy the file names (`policy:`, relative to the case file), if any. */
  policy?: string;
  cases: PolicyCase[];
}

const fileSchema = z.strictObject({ policy: z.string().optional(), cases: z.array(z.unknown()).min(1) });

export function readCaseFile(path: string): CaseFile {
  return parseCaseFile(readSmallText(path, CASE_FILE), path);
}

export function parseCaseFile(text: string, path: string): CaseFile {
  let raw: unknown;
  try {
    raw = parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `第 ${e.linePos[0].line} 行` : '';
    throw new UserError(`用例文件 ${path} ${where}格式错误，无法解析为 YAML。请用 \`gov-clerk policy init\` 导出的用例文件为模板修改。`);
  }
  const top = fileSchema.safeParse(raw, { reportInput: true });
  if (!top.success) throw new UserError(`用例文件 ${path} 不正确：${zodText(top.error.issues)}。文件应有 cases: 列表（可选 policy: 政策文件）。`);
  const cases = top.data.cases.map((c, i) => parseCase(c, i, path));
  const names = new Map<string, number>();
  cases.forEach((c, i) => {
    const first = names.get(c.name);
    if (first !== undefined) throw new UserError(`用例文件 ${path} 中第 ${first + 1} 个和第 ${i + 1} 个用例同名（${c.name}），请改名以便区分结果。`);
    names.set(c.name, i);
  });
  return { path, cases, ...(top.data.policy !== undefined ? { policy: resolve(dirname(path), top.data.policy) } : {}) };
}

function parseCase(raw: unknown, i: number, path: string): PolicyCase {
  const where = `用例文件 ${path} 第 ${i + 1} 个用例${isNamed(raw) ? `（${raw.name}）` : ''}`;
  const kinds = raw && typeof raw === 'object' ? (Object.keys(KINDS) as CaseKind[]).filter((k) => k in raw) : [];
  if (kinds.length !== 1) {
    throw new UserError(`${where}应有且只有 payroll、annual、quota、staffing、roster 之一（现有 ${kinds.length ? kinds.join('、') : '无'}）。`);
  }
  const kind = kinds[0]!;
  const r = KINDS[kind].safeParse(raw, { reportInput: true });
  if (!r.success) throw new UserError(`${where}不正确：${zodText(r.error.issues)}。`);
  return { ...r.data, kind } as PolicyCase;
}

function isNamed(x: unknown): x is { name: string } {
  return typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string';
}

function zodText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(根)'} ${i.code === 'invalid_format' || i.code === 'custom' ? i.message : describeZodIssue(i as never)}`)
    .join('；');
}
