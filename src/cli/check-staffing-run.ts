// gov-clerk check-staffing: what it reads, which rule runs, what it writes (the options are in check-staffing.ts).
import { basename } from 'node:path';
import { openTable } from '../io/table.js';
import { inputMeta } from '../report/meta.js';
import { checkJson, checkSheets } from '../report/checks.js';
import { STAFFING_RULE_CODES } from '../rules/roster-check.js';
import { checkStaffing, rosterOnPost, type RosterCounts } from '../rules/staffing.js';
import { CENTERS, parseCenterRow, type Center } from '../schema/centers.js';
import { Findings } from '../issues/findings.js';
import { outputTarget, policyFor, resolveAsOf, tableOptions } from './common.js';
import type { CommonOptions } from './options.js';
import { fromInput, namesByRow } from './issue-sources.js';
import { deliver } from './report-run.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';
import type { Issue } from '../issues/catalogue.js';
import { printColumnNotices } from './read-line.js';
import { table } from './text.js';

export interface Options extends CommonOptions {
  asOf?: string;
  roster?: string;
}

export async function checkStaffingRun(centersPath: string, opts: Options): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  const policy = await policyFor(opts);
  const asOf = resolveAsOf(opts.asOf, t, { effective: policy.view.effective, document: policy.policy.file.document });
  const { view } = policy;
  const target = outputTarget(centersPath, 'check-staffing', asOf, opts, Boolean(opts.json), [opts.roster]);

  const tbl = await openTable(centersPath, CENTERS, await tableOptions(opts));
  const centers: Center[] = [];
  // With a roster the run reads two inputs: each finding on a row names its file (and 姓名).
  const sources = opts.roster !== undefined;
  const ofCenters = (found: Iterable<Issue>) => (sources ? fromInput([...found], basename(centersPath)) : found);
  using issues = new Findings();
  issues.pushAll(ofCenters(tbl.issues));
  let rows = 0;
  for await (const row of tbl.rows) {
    rows += 1;
    const e = parseCenterRow(row, opts.roster !== undefined);
    issues.pushAll(ofCenters(e.issues));
    if (e.center) centers.push(e.center);
  }
  const inputs = [await inputMeta(centersPath, tbl, rows)];

  let counts: RosterCounts | undefined;
  if (opts.roster !== undefined) {
    // --sheet/--header-row describe the centres file; the roster's header is found by itself.
    using roster = await readRoster(opts.roster, {}, view, t, asOf);
    inputs.push(roster.meta);
    const found = rosterOnPost(roster.entries, asOf, roster.duplicates, view);
    counts = found.counts;
    const fromRoster = [...roster.tableIssues, ...found.issues];
    issues.pushAll(fromInput(fromRoster, basename(opts.roster), namesByRow(roster.entries, fromRoster)));
  }
  const result = checkStaffing(centers, asOf, view, counts);
  issues.pushAll(ofCenters(result.issues));
  const extra = { centers: result.centers };
  // Awaited here: the findings' store is removed when this function returns.
  return await deliver(
    {
      kind: 'staffing',
      period: asOf,
      inputs,
      issues,
      sheets: (meta) => checkSheets(issues, STAFFING_RULE_CODES, meta, sources),
      json: (meta) => checkJson(issues, meta, extra),
      first: STAFFING_RULE_CODES,
      summary(t, meta) {
        t.line(t.color.bold(`中心配备检查（${asOf}，${meta.policy.file.document}）`));
        t.line(`读取 ${basename(centersPath)}，${centers.length} 个中心${opts.roster ? `；办事员人数按花名册 ${basename(opts.roster)} 在岗人数` : ''}`);
        printColumnNotices(t, ofCenters(tbl.issues));
        if (!t.quiet && result.centers.length > 0) {
          const lines = [
            ['中心', '层级', '窗口', '办事员', '结果'],
            ...result.centers.map((c) => {
              const failed = c.checks.filter((k) => !k.ok).length;
              return [c.name, c.level, String(c.windows), c.clerks === null ? '-' : String(c.clerks), failed ? t.color.red(`${failed} 项不达标`) : t.color.green('达标')];
            }),
          ];
          for (const l of table(lines, ['left', 'left', 'right', 'right', 'left'])) t.line(`  ${l}`);
        }
      },
    },
    { policy, opts, target, t },
  );
}
