// Properties that must hold for every input, not just the ones we thought of (fast-check).
import { d, m } from './helpers/dates.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDate, monthIn, parts, type IsoDate } from '../src/calendar.js';
import { EDUCATION_LEVELS, SOCIAL_WORK_CERTS, type Clerk, type SkillGrade } from '../src/domain.js';
import { textCell, type Cell } from '../src/io/cell.js';
import { gradeOf, type Grade } from '../src/rules/annual.js';
import { payClerk } from '../src/rules/payroll.js';
import { payrollMonth, payrollMonthAsRead } from '../src/rules/payroll-month.js';
import { findDuplicates } from '../src/rules/identity.js';
import { checkDigit, parseIdNumber } from '../src/schema/id-number.js';
import type { Rating } from '../src/schema/ratings.js';
import type { RosterEntry } from '../src/schema/roster.js';
import { parseDate } from '../src/schema/values.js';
import { clerk, policy } from './helpers/clerks.js';
import { serialOf } from './helpers/sheets.js';

const RUNS = { numRuns: 300 };
const isoDate = fc
  .record({ y: fc.integer({ min: 1950, max: 2040 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => makeDate(y, m, d))
  .filter((x): x is IsoDate => x !== null);
const month = fc.record({ y: fc.integer({ min: 2025, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => monthIn(y, m));

const arbClerk = fc
  .record({
    startDate: isoDate,
    cert: fc.option(fc.record({ grade: fc.constantFrom<SkillGrade>(1, 2, 3, 4, 5), date: isoDate }), { nil: undefined }),
    continuousStart: fc.option(isoDate, { nil: undefined }),
    education: fc.constantFrom(...EDUCATION_LEVELS),
    otherCerts: fc.subarray([...SOCIAL_WORK_CERTS]),
    probationEnd: fc.option(isoDate, { nil: undefined }),
    probationFlag: fc.option(fc.boolean(), { nil: undefined }),
    leaveDate: fc.option(isoDate, { nil: undefined }),
    level: fc.constantFrom('district' as const, 'town' as const, 'village' as const),
    baseSalary: fc.option(fc.integer({ min: 0, max: 900_000 }).map((c) => c / 100), { nil: undefined }),
  })
  .map((r) => {
    const over: Partial<Clerk> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) (over as Record<string, unknown>)[k] = v;
    return clerk(over);
  });

describe('payroll', () => {
  it('a total equals the sum of its items, and each item is one of its tier amounts', () => {
    fc.assert(
      fc.property(arbClerk, month, (c, m) => {
        const r = payClerk(c, m, policy);
        if (!r.paid) return;
        const l = r.line;
        expect([0, 100, 150, 200, 400, 600]).toContain(l.skillAllowance);
        expect([0, 20, 50, 100]).toContain(l.seniorityAllowance);
        expect([0, 100, 200]).toContain(l.educationAllowance);
        expect(l.allowanceTotal).toBe(l.skillAllowance + l.seniorityAllowance + l.educationAllowance);
        if (l.grossPay !== null) expect(l.grossPay).toBeCloseTo(l.baseSalary! + l.allowanceTotal, 2);
        if (l.onProbation) expect(l.seniorityAllowance + l.educationAllowance).toBe(0);
      }),
      RUNS,
    );
  });

  it('every input row is either paid or excluded, never both, never neither', () => {
    const entry = fc.record({ c: arbClerk, no: fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E5', 'E6'), broken: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), month, (list, m) => {
        const entries: RosterEntry[] = list.map(({ c, no, broken }, i) => {
          const row = i + 2;
          const base = { row, staffId: no, employeeNo: no, name: c.name, center: c.center, issues: [], blocking: [] } as RosterEntry;
          return broken ? { ...base, blocking: ['VALUE_REQUIRED'] } : { ...base, clerk: { ...c, row, staffId: no, employeeNo: no } };
        });
        const r = payrollMonth(entries, m, policy);
        const lines = [...r.lines];
        const rows = [...lines.map((l) => l.row), ...r.excluded.map((e) => e.row)].sort((a, b) => a - b);
        expect(rows).toEqual(entries.map((e) => e.row));
        // Each later pass (sheet, 计算依据) pays exactly the lines the totals counted.
        expect(r.totals.clerks).toBe(lines.length);
        expect([...r.traced].map((t) => t.line)).toEqual(lines);
        // Paying rows as they are read gives the same month, duplicates or not.
        const asRead = payrollMonthAsRead(m, policy);
        for (const e of entries) asRead.add(e);
        const e = asRead.finish(entries, findDuplicates(entries));
        expect([e.excluded, e.issues, e.totals, e.groups, [...e.lines]]).toEqual([r.excluded, r.issues, r.totals, r.groups, lines]);
        const staff = lines.map((l) => l.staffId);
        expect(new Set(staff).size).toBe(staff.length); // nobody paid twice
      }),
      RUNS,
    );
  });
});

describe('annual grades', () => {
  const ORDER: Grade[] = ['excellent', 'competent', 'basically_competent', 'incompetent'];
  const T = policy.at('annual.grades', d('2025-12-31')).value;
  it('are monotone: turning a 差 into 一般 or 好 never lowers a grade', () => {
    const months = fc.array(fc.constantFrom<Rating>('good', 'fair', 'poor', 'none'), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(months, fc.nat(11), fc.constantFrom<Rating>('good', 'fair'), (ms, i, better) => {
        fc.pre(ms[i] === 'poor');
        const after = ms.map((m, j) => (j === i ? better : m));
        expect(ORDER.indexOf(gradeOf(after, T).grade)).toBeLessThanOrEqual(ORDER.indexOf(gradeOf(ms, T).grade));
      }),
      RUNS,
    );
  });
});

describe('dates', () => {
  it('every date written in every accepted form parses back to itself', () => {
    fc.assert(
      fc.property(isoDate, (iso) => {
        const { y, m, d } = parts(iso);
        const p2 = (n: number) => String(n).padStart(2, '0');
        const forms: Cell[] = [
          { t: 'date', v: iso, raw: iso },
          { t: 'number', v: serialOf(iso) },
          { t: 'number', v: Number(`${y}${p2(m)}${p2(d)}`) },
          textCell(iso),
          textCell(`${y}/${m}/${d}`),
          textCell(`${y}.${m}.${d}`),
          textCell(`${y}年${m}月${d}日`),
          textCell(`${y}${p2(m)}${p2(d)}`),
        ];
        for (const f of forms) expect(parseDate(f), JSON.stringify(f)).toMatchObject({ ok: true, value: iso });
      }),
      RUNS,
    );
  });
});

describe('ID numbers', () => {
  it('accept their own check digit and reject every other', () => {
    const birth = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2010-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{5}$/), birth, fc.stringMatching(/^\d{3}$/), (region, b, seq) => {
        const first17 = `${region}${b.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
        const good = first17 + checkDigit(first17);
        expect(parseIdNumber(good).ok).toBe(true);
        for (const wrong of '0123456789X') if (wrong !== good[17]) expect(parseIdNumber(first17 + wrong).ok).toBe(false);
      }),
      RUNS,
    );
  });
});
