// Duplicate identities (SPEC §3.1, §4.4 DUPLICATE_STAFF): never pay one person twice.
import { maskId } from '../schema/id-number.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';

export interface Identified {
  row: number;
  staffId: string;
  employeeNo?: string;
  idNumber?: string;
  name?: string;
  center?: string;
}

/**
 * Groups rows sharing a 工号, a valid 身份证号, or — for rows with neither — 姓名 + 所属中心.
 * Every row of every group gets a DUPLICATE_STAFF error; the returned set holds those rows.
 */
export function findDuplicates(entries: readonly Identified[]): { rows: Set<number>; issues: Issue[] } {
  const keys: Array<[column: string, shown: (v: string) => string, key: (e: Identified) => string | undefined]> = [
    ['工号', (v) => v, (e) => e.employeeNo],
    ['身份证号', maskId, (e) => e.idNumber],
    ['姓名+所属中心', (v) => v, (e) => (e.employeeNo || e.idNumber || !e.name ? undefined : `${e.name}@${e.center ?? ''}`)],
  ];
  const rows = new Set<number>();
  const issues: Issue[] = [];
  const reported = new Set<string>();
  for (const [column, shown, keyOf] of keys) {
    const groups = new Map<string, Identified[]>();
    for (const e of entries) {
      const k = keyOf(e);
      if (k === undefined || k === '') continue;
      const g = groups.get(k);
      if (g) g.push(e);
      else groups.set(k, [e]);
    }
    for (const [value, group] of groups) {
      if (group.length < 2) continue;
      // The same rows duplicated by 工号 and by 身份证号 are one finding, not two.
      const signature = group.map((e) => e.row).join(',');
      if (reported.has(signature)) continue;
      reported.add(signature);
      const list = group.map((e) => e.row).join('、');
      for (const e of group) {
        rows.add(e.row);
        const issue = makeIssue('DUPLICATE_STAFF', { row: e.row, staffId: e.staffId }, { column, value: shown(value), detail: list });
        issue.value = value; // the raw value for the 数据问题 sheet; masked there with --mask-id
        issues.push(issue);
      }
    }
  }
  return { rows, issues };
}

export interface Findable {
  employeeNo?: string;
  idNumber?: string;
  name?: string;
  center?: string;
}

/**
 * Finds a person of another table (ratings) in the roster: by 工号, then 身份证号, then
 * 姓名 + 所属中心, then a 姓名 that only one roster row has.
 */
export function rosterLookup<T extends Findable>(roster: readonly T[]): (who: Findable) => T | undefined {
  const index = (key: (e: Findable) => string | undefined) => {
    const m = new Map<string, T | null>();
    for (const e of roster) {
      const k = key(e);
      if (k) m.set(k, m.has(k) ? null : e); // null: ambiguous
    }
    return m;
  };
  const keys: Array<(e: Findable) => string | undefined> = [
    (e) => e.employeeNo,
    (e) => e.idNumber,
    (e) => (e.name ? `${e.name}@${e.center ?? ''}` : undefined),
    (e) => e.name,
  ];
  const indexes = keys.map(index);
  return (who) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!(who);
      const hit = k ? indexes[i]!.get(k) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
}
