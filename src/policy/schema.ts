// The shape of a policy file (docs/contract.md §5). Every parameter is a list of dated values with the
// clause it comes from, in the manner of OpenFisca parameters.
import { z } from 'zod';
import { makeDate } from '../calendar.js';
import { EDUCATION_LEVELS, MAX_MONTHLY_YUAN } from '../domain.js';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    // YAML 1.1 readers may hand us a Date; take its UTC day.
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const date = m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `应为日期 YYYY-MM-DD，实际为 ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return date;
  });

const money = z.number().nonnegative().max(MAX_MONTHLY_YUAN);
const count = z.number().int().nonnegative();
const grade = z.number().int().min(1).max(5);

function parameter<T extends z.ZodTypeAny>(value: T) {
  return z.strictObject({
    description: z.string(),
    clause: z.string().min(1),
    quote: z.string().optional(),
    note: z.string().optional(),
    // A value set by a later document cites that document, not the one the parameter came from.
    values: z
      .array(z.strictObject({ from: isoDate, value, document: z.string().min(1).optional(), clause: z.string().min(1).optional(), quote: z.string().optional() }))
      .min(1)
      .refine((vs) => vs.every((v, i) => i === 0 || vs[i - 1]!.from < v.from), {
        message: 'values 必须按 from 日期从早到晚排列，且日期不能重复',
      }),
  });
}

export const policySchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  document: z.string(),
  issuer: z.string().optional(),
  effective: isoDate,
  parameters: z.strictObject({
    payroll: z.strictObject({
      skill_allowance: parameter(z.strictObject({ '1': money, '2': money, '3': money, '4': money, '5': money })),
      social_work_as_grade: parameter(
        z.strictObject({ assistant_social_worker: grade, social_worker: grade, senior_social_worker: grade }),
      ),
      seniority_allowance: parameter(
        z
          .array(z.strictObject({ min_years: count, amount: money }))
          .min(1)
          .refine((bs) => bs.every((b, i) => i === 0 || bs[i - 1]!.min_years < b.min_years), {
            message: '各档 min_years 必须从小到大排列且不重复',
          }),
      ),
      education_allowance: parameter(
        z.strictObject(Object.fromEntries(EDUCATION_LEVELS.map((e) => [e, money])) as Record<
          (typeof EDUCATION_LEVELS)[number],
          typeof money
        >),
      ),
      probation_pays: parameter(z.array(z.enum(['skill', 'seniority', 'education']))),
      evaluate_at: parameter(z.enum(['end', 'start'])),
      funding: parameter(z.strictObject({ district: z.string(), town: z.string(), village: z.string() })),
    }),
    annual: z.strictObject({
      grades: parameter(
        z.strictObject({
          excellent_min_good: count,
          competent_min_good: count,
          basically_competent_max_poor: count,
          incompetent_min_poor: count,
          incompetent_consecutive_poor: z.number().int().min(2),
        }),
      ),
      quota: parameter(
        z.strictObject({ share: z.number().min(0).max(1), rounding: z.enum(['floor', 'round', 'ceil']) }),
      ),
      partial_year_max_grade: parameter(z.enum(['excellent', 'competent', 'basically_competent', 'incompetent'])),
      // 连续考核末位 by ties (issue 21.9); added later too, filled from the built-in when absent (load.ts).
      last_place_tie_share: parameter(z.number().gt(0).max(1)),
      // Added after policy files were first exported: a file without them takes the built-in's (load.ts).
      last_place: parameter(z.strictObject({ max_grade: z.enum(['excellent', 'competent', 'basically_competent', 'incompetent']), years: z.number().int().min(2).max(10) })),
      lead_candidate: parameter(z.strictObject({ min_skill_grade: grade, grade: z.enum(['excellent', 'competent', 'basically_competent', 'incompetent']) })),
    }),
    staffing: z.strictObject({
      district_windows_min: parameter(count),
      town_windows_min: parameter(z.strictObject({ general: count, small_city: count, central_subdistrict: count })),
      clerks_per_window: parameter(z.number().positive()),
      town_staff_min: parameter(z.strictObject({ direct: count, hr_social: count, civil_affairs: count })),
    }),
    hiring: z.strictObject({
      max_age: parameter(count),
      min_education: parameter(z.enum(EDUCATION_LEVELS)),
      cert_within_years: parameter(count),
      min_working_age: parameter(count),
    }),
  }),
});

export type PolicyFile = z.output<typeof policySchema>;
type Params = PolicyFile['parameters'];
/** 'payroll.skill_allowance' and the like. */
export type ParamPath = {
  [S in keyof Params]: `${S & string}.${keyof Params[S] & string}`;
}[keyof Params];
export type ParamValue<P extends ParamPath> = P extends `${infer S}.${infer K}`
  ? S extends keyof Params
    ? K extends keyof Params[S]
      ? NonNullable<Params[S][K]> extends { values: Array<{ value: infer V }> }
        ? V
        : never
      : never
    : never
  : never;
