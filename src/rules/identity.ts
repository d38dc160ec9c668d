// Duplicate identities (docs/contract.md §3.1, §4.4 DUPLICATE_STAFF): never pay one person twice.
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

type KeyKind = { column: string; shown: (v: string) => string; key: (e: Identified) => string | undefined };
const KEYS: readonly KeyKind[] = [
  { column: '工号', shown: (v) => v, key: (e) => e.employeeNo },
  { column: '身份证号', shown: maskId, key: (e) => e.idNumber },
  { column: '姓名+所属中心', shown: (v) => v, key: (e) => (e.employeeNo || e.idNumber || !e.name ? undefined : `${e.name}@${e.center ?? ''}`) },
];

/** One duplicate group a row belongs to: the key it shares and every row sharing it. */
export interface DuplicateFinding {
  column: string;
  value: string;
  rows: number[];
}

export interface Duplicates {
  /** Every row of every group: never paid. */
  rows: ReadonlySet<number>;
  findings(row: number): readonly DuplicateFinding[];
}

/**
 * Finds rows sharing a 工号, a valid 身份证号, or — for rows with neither — 姓名 + 所属中心,
 * while the roster streams past: only the keys are kept (a few dozen bytes a row), not the rows.
 */
export class IdentityIndex {
  private readonly first = KEYS.map(() => new Map<string, number>());
  private readonly groups = KEYS.map(() => new Map<string, number[]>());

  add(e: Identified): void {
    for (let k = 0; k < KEYS.length; k++) {
      const value = KEYS[k]!.key(e);
      if (value === undefined || value === '') continue;
      const seen = this.first[k]!.get(value);
      if (seen === undefined) {
        this.first[k]!.set(value, e.row);
        continue;
      }
      const g = this.groups[k]!.get(value);
      if (g) g.push(e.row);
      else this.groups[k]!.set(value, [seen, e.row]);
    }
  }

  /** Once every row was added. */
  duplicates(): Duplicates {
    const byRow = new Map<number, DuplicateFinding[]>();
    const reported = new Set<string>();
    for (let k = 0; k < KEYS.length; k++) {
      for (const [value, rows] of this.groups[k]!) {
        // The same rows duplicated by 工号 and by 身份证号 are one finding, not two.
        const signature = rows.join(',');
        if (reported.has(signature)) continue;
        reported.add(signature);
        const finding = { column: KEYS[k]!.column, value, rows };
        for (const r of rows) {
          const list = byRow.get(r);
          if (list) list.push(finding);
          else byRow.set(r, [finding]);
        }
      }
    }
    return { rows: new Set(byRow.keys()), findings: (row) => byRow.get(row) ?? [] };
  }
}

/** The DUPLICATE_STAFF errors of one row. */
export function duplicateIssues(e: Pick<Identified, 'row' | 'staffId'>, dups: Duplicates): Issue[] {
  return dups.findings(e.row).map((f) => {
    return makeIssue('DUPLICATE_STAFF', { row: e.row, staffId: e.staffId }, { column: f.column, value: f.value, detail: someRows(f.rows) });
  });
}

/**
 * The rows of a group as a message names them: all of a few, else the first five and the count.
 * Each row's message must not list every other row (twenty thousand rows of one 工号 would make
 * four hundred million row numbers).
 */
export function someRows(rows: readonly number[], shown = 5): string {
  return rows.length <= shown + 1 ? rows.join('、') : `${rows.slice(0, shown).join('、')} 等共 ${rows.length}`;
}

export function findDuplicates(entries: Iterable<Identified>): Duplicates {
  const index = new IdentityIndex();
  for (const e of entries) index.add(e);
  return index.duplicates();
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
