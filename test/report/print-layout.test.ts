// The layout each sheet is printed with (issue 22.1): widths from the content, totals
// included, Chinese counted double; long text wrapped; orientation; column blocks.
import { describe, expect, it } from 'vitest';
import { MARGINS, PT_PER_UNIT, linesIn, planSheet, rowHeight, textUnits } from '../../src/report/print-layout.js';
import type { CellOut, ColumnOut, SheetHead } from '../../src/report/table.js';

const head = (columns: ColumnOut[], more: Partial<SheetHead> = {}): SheetHead => ({ name: 't', columns, ...more });

describe('planSheet', () => {
  it('makes a column as wide as its widest value; a Chinese character counts about double', () => {
    const plan = planSheet(head([{ header: '甲' }, { header: '乙' }]), [['ABCDEFGHIJ', '政务服务中心办事员'], ['A', '张']], new Map(), true);
    expect(textUnits('政务服务中心办事员') / textUnits('ABCDEFGHI')).toBeGreaterThan(1.5);
    expect(plan.widths[0]).toBeGreaterThanOrEqual(textUnits('ABCDEFGHIJ'));
    expect(plan.widths[1]).toBeGreaterThanOrEqual(textUnits('政务服务中心办事员'));
    expect(plan.widths[1]).toBeGreaterThan(plan.widths[0]!);
    expect(plan.wrap).toEqual([false, false]);
  });

  it('makes a money column as wide as its total, formatted (#,##0.00): no ### on the totals row', () => {
    const rows: CellOut[][] = Array.from({ length: 1000 }, () => [9999.99]);
    const plan = planSheet(head([{ header: '金额', kind: 'money' }]), rows, new Map([[0, 9_999_990]]), true);
    expect(plan.widths[0]).toBeGreaterThanOrEqual(textUnits('9,999,990.00'));
    const alone = planSheet(head([{ header: '金额', kind: 'money' }]), rows, new Map(), true);
    expect(alone.widths[0]).toBeLessThan(plan.widths[0]!);
  });

  it('leaves room for any total when it saw only the first rows of a long sheet', () => {
    const plan = planSheet(head([{ header: '金额', kind: 'money' }]), [[100]], new Map([[0, 100]]), false);
    expect(plan.widths[0]).toBeGreaterThanOrEqual(textUnits('99,999,999.99'));
  });

  it('wraps a long header into two lines and makes the header row tall enough for them', () => {
    const plan = planSheet(head([{ header: '连续工作年限', kind: 'int' }]), [[10]], new Map(), true);
    expect(plan.widths[0]).toBeLessThan(textUnits('连续工作年限'));
    expect(linesIn('连续工作年限', plan.widths[0]!)).toBe(2);
    expect(plan.headerHeight).toBeGreaterThanOrEqual(2 * 15);
  });

  it('wraps long text in a column of bounded width, with the row as tall as its lines', () => {
    const long = '按 2025年6月30日 的情况计算本月补贴（月末或离岗日），自 2016-02-29 至 2025-06-30 连续工作满 9 年，满 5 年档 50 元/月'.repeat(3);
    const cols: ColumnOut[] = [{ header: '行号', kind: 'int' }, { header: '说明' }];
    const plan = planSheet(head(cols), [[1, long], [2, '短']], new Map(), true);
    expect(plan.wrap).toEqual([false, true]);
    // No wider than the page (portrait A4 inside the margins): the rest wraps.
    expect(plan.landscape).toBe(false);
    expect(plan.widths[0]! + plan.widths[1]!).toBeLessThanOrEqual((595.3 - (MARGINS.left + MARGINS.right) * 72) / PT_PER_UNIT + 1);
    const lines = linesIn(long, plan.widths[1]!);
    expect(lines).toBeGreaterThan(2);
    expect(rowHeight([1, long], plan, cols.map((c) => c.kind))).toBeGreaterThanOrEqual(lines * 15);
    expect(rowHeight([2, '短'], plan, cols.map((c) => c.kind))).toBeUndefined();
  });

  it('prints a narrow sheet portrait, a wider one landscape fitted to the page width', () => {
    const narrow = planSheet(head([{ header: '中心' }, { header: '人数', kind: 'int' }]), [['宿城区政务服务中心', 15]], new Map(), true);
    expect(narrow).toMatchObject({ landscape: false, columnBreaks: [] });
    expect(narrow.scale).toBeUndefined();
    const cols: ColumnOut[] = Array.from({ length: 14 }, (_, i) => ({ header: `金额${i}`, kind: 'money' }));
    const wide = planSheet(head(cols), [cols.map(() => 12345.67)], new Map(), true);
    expect(wide).toMatchObject({ landscape: true, columnBreaks: [] });
    expect(wide.scale).toBeUndefined();
  });

  it('prints a table too wide for one page in column blocks: the first columns repeated, a month never split', () => {
    const person: ColumnOut[] = [{ header: '序号', kind: 'int' }, { header: '工号', kind: 'text' }, { header: '姓名' }, { header: '身份证号', kind: 'id' }];
    const months: ColumnOut[] = Array.from({ length: 12 }, (_, m) => ['技能', '年限', '学历', '合计'].map((x) => ({ header: `2025-${m + 1} ${x}`, kind: 'money' as const }))).flat();
    const row: CellOut[] = [1, 'E001', '张伟', '321302199003120119', ...months.map(() => 1234.5)];
    const plan = planSheet(head([...person, ...months], { print: { repeatColumns: 3, blocks: { from: 4, size: 4 } } }), [row], new Map(), true);
    expect(plan.scale).toBeGreaterThanOrEqual(70);
    expect(plan.repeatColumns).toBe(3);
    expect(plan.columnBreaks.length).toBeGreaterThan(1);
    for (const b of plan.columnBreaks) expect((b - 4) % 4).toBe(0);
    expect(plan.spanColumns).toBe(plan.columnBreaks[0]);
  });
});
