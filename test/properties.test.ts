// Properties that must hold for every input, not just the ones we thought of (fast-check).
import { d } from './helpers/dates.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, makeDate, monthIn, parts, type IsoDate } from '../src/calendar.js';
import { EDUCATION_LEVELS, SOCIAL_WORK_CERTS, type Clerk, type Grade, type SkillGrade } from '../src/domain.js';
import { textCell, type Cell } from '../src/io/cell.js';
import { gradeOf } from '../src/rules/annual.js';
import { payClerk } from '../src/rules/payroll.js';
import { payEntryIn, payrollMonth, payrollMonthAsRead, payrollMonthsAsRead, type EntryPay } from '../src/rules/payroll-month.js';
import { changesAgainstIssued, clerkChanges, payrollWithChangesAsRead } from '../src/rules/pay-changes.js';
import { findDuplicates } from '../src/rules/identity.js';
import { checkDigit, parseIdNumber } from '../src/schema/id-number.js';
import type { IssuedRow } from '../src/schema/issued.js';
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

/**
 * Dates in 2025 (and certificates, continuous service from up to ten years before), months in
 * 2025: starts, leaves, probation ends and anniversaries fall next to the months compared.
 */
const dayOf2025 = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) as IsoDate);
const yearsBack = fc.tuple(dayOf2025, fc.integer({ min: 0, max: 10 })).map(([date, y]) => `${2025 - y}${date.slice(4)}`.replace('-02-29', '-02-28') as IsoDate);
const nearMonth = fc.integer({ min: 2, max: 12 }).map((m) => monthIn(2025, m));

const clerkArb = (isoDate: fc.Arbitrary<IsoDate>, since: fc.Arbitrary<IsoDate> = isoDate) => fc
  .record({
    startDate: isoDate,
    cert: fc.option(fc.record({ grade: fc.constantFrom<SkillGrade>(1, 2, 3, 4, 5), date: since }), { nil: undefined }),
    continuousStart: fc.option(since, { nil: undefined }),
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
const arbClerk = clerkArb(isoDate);

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
        expect([e.excluded, [...e.issues], e.totals, e.groups, [...e.lines]]).toEqual([r.excluded, [...r.issues], r.totals, r.groups, lines]);
        const staff = lines.map((l) => l.staffId);
        expect(new Set(staff).size).toBe(staff.length); // nobody paid twice
      }),
      RUNS,
    );
  });
});

describe('payroll changes (变动)', () => {
  it('add up, clerk by clerk and cause by cause, to this month’s total less last month’s; several months in one read equal each month alone', () => {
    const entry = fc.record({ c: fc.oneof({ arbitrary: clerkArb(dayOf2025, yearsBack), weight: 4 }, { arbitrary: arbClerk, weight: 1 }), no: fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E5', 'E6'), broken: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), nearMonth, (list, cur) => {
        const entries: RosterEntry[] = list.map(({ c, no, broken }, i) => {
          const row = i + 2;
          const base = { row, staffId: no, employeeNo: no, name: c.name, center: c.center, issues: [], blocking: [] } as RosterEntry;
          return broken ? { ...base, blocking: ['VALUE_REQUIRED'] } : { ...base, clerk: { ...c, row, staffId: no, employeeNo: no } };
        });
        const prev = addMonths(cur, -1);
        const dups = findDuplicates(entries);
        const [a, b] = [payrollMonth(entries, prev, policy, dups), payrollMonth(entries, cur, policy, dups)];
        // Row by row, in roster order: each row paid for both months, its changes in between.
        const rows = entries.flatMap((e) => clerkChanges(...(payEntryIn(e, [prev, cur], policy, dups) as [EntryPay, EntryPay])));
        const sum = rows.reduce((s, r) => s + Math.round(r.delta * 100), 0);
        expect(sum).toBe(Math.round(b.totals.allowanceTotal * 100) - Math.round(a.totals.allowanceTotal * 100));
        // Clerk by clerk too: a row's changes add up to what it is paid now less what it was paid.
        const paidIn = (r: typeof a) => new Map([...r.lines].map((l) => [l.row, Math.round(l.allowanceTotal * 100)]));
        const [pa, pb] = [paidIn(a), paidIn(b)];
        for (const e of entries) {
          const own = rows.filter((r) => r.who.row === e.row).reduce((s, r) => s + Math.round(r.delta * 100), 0);
          expect(own || 0, `row ${e.row}`).toBe((pb.get(e.row) ?? 0) - (pa.get(e.row) ?? 0) || 0); // -0 is 0
        }
        for (const r of rows) {
          if (!['started', 'left', 'stopped', 'resumed'].includes(r.kind)) expect(r.delta).not.toBe(0); // a cause is listed only when it moved money
          expect(Math.round(r.after * 100) - Math.round(r.before * 100)).toBe(Math.round(r.delta * 100));
        }
        const asRead = payrollMonthsAsRead([prev, cur], policy);
        for (const e of entries) asRead.add(e);
        const [ra, rb] = asRead.finish(entries, dups);
        expect([ra!.totals, rb!.totals, ra!.excluded, [...rb!.issues]]).toEqual([a.totals, b.totals, a.excluded, [...b.issues]]);
        // The single-month payroll finds last month's total and the changes as it reads the roster.
        const withChanges = payrollWithChangesAsRead(cur, prev, policy);
        for (const e of entries) withChanges.add(e);
        const w = withChanges.finish(entries, dups);
        expect([w.previousTotal, w.month.totals, [...w.month.issues], w.month.excluded, [...w.month.lines]]).toEqual([a.totals.allowanceTotal, b.totals, [...b.issues], b.excluded, [...b.lines]]);
        expect(w.changes).toEqual(rows);
      }),
      { numRuns: 1000 },
    );
  });

  it('against what was issued (--previous): add up to this month’s total less the issued total, each issued row claimed once', () => {
    const entry = fc.record({ c: clerkArb(dayOf2025, yearsBack), no: fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E5', 'E6'), broken: fc.boolean() });
    // Last month's sheet: one row per 工号 (readPrevious refuses a person twice), some not on the roster.
    const sheet = fc.uniqueArray(fc.record({ no: fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E7', 'E8'), cents: fc.integer({ min: 0, max: 150_000 }) }), { selector: (r) => r.no, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), sheet, nearMonth, (list, paid, cur) => {
        const entries: RosterEntry[] = list.map(({ c, no, broken }, i) => {
          const row = i + 2;
          const base = { row, staffId: no, employeeNo: no, name: c.name, center: c.center, issues: [], blocking: [] } as RosterEntry;
          return broken ? { ...base, blocking: ['VALUE_REQUIRED'] } : { ...base, clerk: { ...c, row, staffId: no, employeeNo: no } };
        });
        const issued: IssuedRow[] = paid.map((p, i) => ({ row: i + 3, key: { by: 'employeeNo', value: p.no }, name: p.no, total: p.cents / 100 }));
        const dups = findDuplicates(entries);
        const rows = [...changesAgainstIssued(entries, addMonths(cur, -1), cur, policy, dups, issued)];
        const now = Math.round(payrollMonth(entries, cur, policy, dups).totals.allowanceTotal * 100);
        expect(rows.reduce((s, r) => s + Math.round(r.delta * 100), 0)).toBe(now - paid.reduce((s, p) => s + p.cents, 0));
        // Each issued payment is named by one unexplained row at most (a roster row's or its own).
        for (const r of issued) expect(rows.filter((c) => c.kind === 'unexplained' && c.detail.includes(`发放表第 ${r.row} 行`)).length, r.key.value).toBeLessThanOrEqual(1);
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
