// The 变动 sheet and JSON never show rows that do not add up to the months' difference.
import { describe, expect, it } from 'vitest';
import { checkedChanges, type MonthChanges } from '../../src/report/payroll.js';
import type { PayChange } from '../../src/rules/pay-changes.js';

const row = (delta: number): PayChange => ({ who: { row: 2, staffId: 'E1' }, kind: 'seniority_tier', items: ['seniorityAllowance'], before: 20, after: 20 + delta, delta, clause: '二(二)5(3)', detail: '' });
const changes = (deltas: number[], before: number, after: number): MonthChanges => ({ previous: '2025-05' as MonthChanges['previous'], against: 'roster', before, after, rows: deltas.map(row) });

describe('checkedChanges', () => {
  it('passes the rows on when they add up, to the cent (0.1 + 0.2 is 0.30)', () => {
    expect([...checkedChanges(changes([30, 0.1, 0.2], 100, 130.3))].map((c) => c.delta)).toEqual([30, 0.1, 0.2]);
  });
  it.each<[number[], number, number]>([
    [[30], 100, 120],
    [[], 100, 100.01],
    [[-300, 30], 12200, 11980],
  ])('stops the output when %j does not make %d → %d (a defect, exit 2)', (deltas, before, after) => {
    expect(() => [...checkedChanges(changes(deltas, before, after))]).toThrow(/变动各行之和 .* 与两月合计之差 .* 不等/);
  });
});
