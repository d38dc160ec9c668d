// gov-clerk check-roster <roster> [--as-of YYYY-MM-DD]
import { basename } from 'node:path';
import { Command } from 'commander';
import { checkRoster, ROSTER_RULE_CODES } from '../rules/roster-check.js';
import { checkJson, checkSheets } from '../report/checks.js';
import { addCommonOptions, outputTarget, policyFor, resolveAsOf, type CommonOptions } from './common.js';
import { deliver } from './report-run.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';

interface Options extends CommonOptions {
  asOf?: string;
}

export function checkRosterCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('check-roster')
    .description('按选聘条件检查花名册：上岗年龄、学历、限期取证、身份证号、重复人员、日期先后')
    .argument('<roster>', '花名册文件（.xlsx 或 .csv）')
    .option('--as-of <YYYY-MM-DD>', '检查日期，默认今天');
  addCommonOptions(cmd);
  cmd.addHelpText('after', '\n示例：\n  gov-clerk check-roster 花名册.xlsx --as-of 2025-06-30\n  gov-clerk check-roster 花名册.xlsx --json');
  return cmd.action((roster: string, opts: Options) => run(() => checkRosterRun(roster, opts)));
}

async function checkRosterRun(rosterPath: string, opts: Options): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  const asOf = resolveAsOf(opts.asOf, t);
  const policy = await policyFor(opts);
  const target = outputTarget(rosterPath, 'check-roster', asOf, opts, Boolean(opts.json));
  using input = await readRoster(rosterPath, opts, policy.view, t, asOf);
  const result = checkRoster(input.entries, asOf, policy.view, input.duplicates);
  const issues = [...input.tableIssues, ...result.issues];
  const summary = { rows: result.rows, onPost: result.onPost, findings: issues.filter((i) => ROSTER_RULE_CODES.has(i.code)).length };
  return deliver(
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
      },
    },
    { policy, opts, target, t },
  );
}
