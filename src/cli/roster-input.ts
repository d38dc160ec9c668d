// Reads a roster file into parsed entries: the input edge shared by payroll and check-roster.
import type { Issue } from '../issues/catalogue.js';
import { openTable } from '../io/table.js';
import type { InputMeta } from '../report/meta.js';
import { sha256File } from '../report/meta.js';
import type { PolicyView } from '../rules/policy-view.js';
import { parseRosterRow, ROSTER, type RosterEntry } from '../schema/roster.js';
import { tableOptions, type CommonOptions } from './common.js';
import type { Terminal } from './terminal.js';

export interface RosterInput {
  entries: RosterEntry[];
  tableIssues: Issue[];
  meta: InputMeta;
}

export async function readRoster(path: string, opts: CommonOptions, policy: PolicyView, t: Terminal, asOf: string): Promise<RosterInput> {
  const table = await openTable(path, ROSTER, tableOptions(opts));
  const ctx = { date1904: table.date1904, clauseOf: (p: Parameters<PolicyView['at']>[0]) => policy.at(p, asOf).clause, levelWarned: new Set<string>() };
  // The entries are kept: duplicates can only be known once every row is read. An entry is a
  // few hundred bytes, so a million-row roster still fits comfortably.
  const entries: RosterEntry[] = [];
  const progress = t.progress('正在读取花名册');
  for await (const row of table.rows) {
    entries.push(parseRosterRow(row, ctx));
    progress.tick(entries.length);
  }
  progress.done();
  const meta: InputMeta = {
    path,
    sha256: await sha256File(path),
    headerRow: table.headerRow,
    rows: entries.length,
    ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
    ...(table.encoding !== undefined ? { encoding: table.encoding } : {}),
  };
  return { entries, tableIssues: table.issues, meta };
}
