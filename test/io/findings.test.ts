// Issue 24.1: findings are a bounded stream. The store counts them by severity, keeps the first
// in memory and the rest on disk, and gives them back in the order pushed; sorting and the
// merge of a range's months give exactly what the in-memory versions gave.
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeIssue, severityOf, sortIssues, type Issue } from '../../src/issues/catalogue.js';
import { concatFindings, Findings, mergeSorted, sortedFindings } from '../../src/issues/findings.js';
import { monthRuns, rangeIssues, type PayrollRange } from '../../src/report/payroll-range.js';
import type { PayrollMonth } from '../../src/rules/payroll-month.js';
import type { IsoMonth } from '../../src/calendar.js';

/** A reproducible stream of findings of the three severities, rows in any order, some without a row. */
function findings(n: number, seed = 1): Issue[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const r = next() % 40;
    const row = r === 0 ? undefined : r;
    const kind = next() % 3;
    if (kind === 0) return makeIssue('ID_INVALID', { ...(row ? { row } : {}), staffId: `E${i}` }, { column: '身份证号', value: `x${i % 7}`, detail: '校验码错误' }) as Issue;
    if (kind === 1) return makeIssue('PLACEHOLDER_VALUE', { ...(row ? { row } : {}) }, { column: '身份证号', value: '无' }) as Issue;
    return makeIssue('INVISIBLE_CHARS', { ...(row ? { row } : {}) }, { column: '姓名', value: `员工${i % 9}` }) as Issue;
  });
}

describe('Findings: a bounded store', () => {
  it('counts by severity and gives back every finding in the order pushed, the first in memory and the rest from disk', () => {
    const all = findings(1000);
    using f = new Findings(10);
    // (a budget of 10 in memory, all stores together: the rest are on disk)
    f.pushAll(all);
    expect(f.onDisk).toBe(true);
    expect(f.length).toBe(1000);
    const expected = { error: 0, warning: 0, info: 0 };
    for (const i of all) expected[severityOf(i)] += 1;
    expect(f.counts).toEqual(expected);
    expect([...f]).toEqual(all);
    expect([...f]).toEqual(all); // read again, the same
  });

  it('past the budget, a few are held before a file is opened; then all go on, in order', () => {
    using none = new Findings(0);
    none.pushAll(findings(100));
    expect(none.onDisk).toBe(false); // a store of a few findings opens no file
    none.pushAll(findings(300, 2));
    expect(none.onDisk).toBe(true);
    expect([...none]).toEqual([...findings(100), ...findings(300, 2)]);
  });

  it('a few stay in memory (a district’s run writes nothing to disk)', () => {
    using f = Findings.of(findings(50));
    expect(f.onDisk).toBe(false);
    expect([...f]).toEqual(findings(50));
  });

  it('takes a list longer than a function call’s arguments may be (push(...spread) overflowed the stack)', () => {
    using f = new Findings(100);
    const many = findings(300_000);
    f.pushAll(many);
    expect(f.length).toBe(300_000);
  });
});

describe('sortedFindings: sortIssues’ order, however many', () => {
  it.each([3, 7, 64, 5000])('in chunks of %i sorted in memory and merged: exactly sortIssues (stable)', (chunk) => {
    const all = findings(3000, chunk);
    using sorted = sortedFindings(all, chunk);
    expect([...sorted]).toEqual(sortIssues(all));
  });

  it('mergeSorted keeps the earlier stream’s items first among equals, and each stream’s own order', () => {
    const a = [{ k: 1, s: 'a1' }, { k: 2, s: 'a2' }, { k: 2, s: 'a3' }];
    const b = [{ k: 1, s: 'b1' }, { k: 2, s: 'b2' }];
    const c = [{ k: 0, s: 'c1' }, { k: 3, s: 'c2' }];
    const merged = [...mergeSorted([a, b, c], (x, y) => x.k - y.k)].map((m) => `${m.item.s}@${m.stream}`);
    expect(merged).toEqual(['c1@2', 'a1@0', 'b1@1', 'a2@0', 'a3@0', 'b2@1', 'c2@2']);
  });

  it('concatFindings counts both lists and reads them one after the other', () => {
    const head = findings(3, 9);
    using tail = Findings.of(findings(20, 4));
    const both = concatFindings(head, tail);
    expect([...both]).toEqual([...head, ...tail]);
    expect(both.counts.error + both.counts.warning + both.counts.info).toBe(23);
  });
});

/** How a range's findings were found before issue 24: all months in one Map, then sorted. */
function rangeIssuesInMemory(months: Array<{ month: IsoMonth; issues: Issue[] }>, table: Issue[]): Array<{ issue: Issue; months: string }> {
  const all = months.map((m) => m.month);
  const found = new Map<string, { issue: Issue; months: IsoMonth[] }>();
  for (const m of months) {
    for (const issue of [...table, ...sortIssues(m.issues)]) {
      const key = JSON.stringify([issue.code, issue.row, issue.staffId, issue.center, issue.clause, issue.data]);
      const seen = found.get(key);
      if (seen) seen.months.push(m.month);
      else found.set(key, { issue, months: [m.month] });
    }
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...found.values()]
    .sort((a, b) => order[severityOf(a.issue)] - order[severityOf(b.issue)] || (a.issue.row ?? 0) - (b.issue.row ?? 0))
    .map(({ issue, months }) => ({ issue, months: months.length === all.length ? `全部 ${all.length} 个月` : monthRuns(months, all) }));
}

describe('a range’s findings, merged month by month from their stores', () => {
  it('are exactly what collecting them all in memory gave: each once, its months, in order', () => {
    const monthsOf = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'] as IsoMonth[];
    // Months share most findings (a row's own are the same every month) and differ in some.
    const base = findings(400, 3);
    const months = monthsOf.map((month, m) => ({ month, issues: [...base.filter((_, i) => (i + m) % 4 !== 0), ...findings(60, 10 + m)] }));
    const table = [makeIssue('COLUMN_DUPLICATE', { row: 1 }, { column: 'name', value: '姓名', expected: '姓名' }) as Issue];
    const range = {
      months: months.map((m) => {
        using store = new Findings(5); // on disk
        store.pushAll(m.issues);
        return { month: m.month, issues: sortedFindings(store, 50) } as unknown as PayrollMonth;
      }),
      tableIssues: table,
    } as unknown as PayrollRange;
    const found = rangeIssues(range);
    onTestFinished(() => {
      for (const m of range.months) (m.issues as Findings).close();
    });
    const expected = rangeIssuesInMemory(months, table);
    expect([...found]).toEqual(expected);
    expect([...found.issues]).toEqual(expected.map((e) => e.issue));
    const counts = { error: 0, warning: 0, info: 0 };
    for (const e of expected) counts[severityOf(e.issue)] += 1;
    expect(found.counts).toEqual(counts);
    expect(expected.some((e) => e.months.startsWith('全部')) && expected.some((e) => !e.months.startsWith('全部'))).toBe(true);
  });
});
