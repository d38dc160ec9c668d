// gov-clerk check-roster: what it reads, which rule runs, what it writes (the options are in check-roster.ts).
import { basename } from 'node:path';
import { checkRoster, ROSTER_RULE_CODES } from '../rules/roster-check.js';
import { checkJson, checkSheets } from '../report/checks.js';
import { Findings } from '../issues/findings.js';
import { outputTarget, policyFor, resolveAsOf } from './common.js';
import type { CommonOptions } from './options.js';
import { deliver } from './report-run.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';
import { printColumnNotices } from './read-line.js';

export interface Options extends CommonOptions {
  asOf?: string;
}

export async function checkRosterRun(rosterPath: string, opts: Options): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  const policy = await policyFor(opts);
  const asOf = resolveAsOf(opts.asOf, t, { effective: policy.view.effective, document: policy.policy.file.document });
  const target = outputTarget(rosterPath, 'check-roster', asOf, opts, Boolean(opts.json));
  using input = await readRoster(rosterPath, opts, policy.view, t, asOf);
  const result = checkRoster(input.entries, asOf, policy.view, input.duplicates);
  using issues = new Findings();
  issues.pushAll(input.tableIssues);
  issues.pushAll(result.issues);
  const summary = { rows: result.rows, onPost: result.onPost, findings: result.issues.filter((i) => ROSTER_RULE_CODES.has(i.code)).length + input.tableIssues.filter((i) => ROSTER_RULE_CODES.has(i.code)).length };
  // Awaited here: the findings' store is removed when this function returns.
  return await deliver(
    {
      kind: 'roster',
      period: asOf,
      inputs: [input.meta],
      issues,
      sheets: (meta) => checkSheets(issues, ROSTER_RULE_CODES, meta),
      json: (meta) => checkJson(issues, meta, { summary }),
      first: ROSTER_RULE_CODES,
      summary(t, meta) {
        t.line(t.color.bold(`花名册检查（${asOf}，${meta.policy.file.document}）`));
        t.line(`读取 ${basename(rosterPath)}，数据 ${result.rows} 行，${asOf} 在岗 ${result.onPost} 人；发现 ${summary.findings} 项`);
        printColumnNotices(t, input.tableIssues);
      },
    },
    { policy, opts, target, t },
  );
}
