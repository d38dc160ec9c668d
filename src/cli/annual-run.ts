// gov-clerk annual: what it reads, which rule runs, what it writes (the options are in annual.ts).
import { yearEnd } from '../calendar.js';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import type { Issue } from '../issues/catalogue.js';
import { openTable } from '../io/table.js';
import { annualJson, annualSheets } from '../report/annual.js';
import { inputMeta } from '../report/meta.js';
import { annualYear, GRADE_LABEL, ratedInYear } from '../rules/annual.js';
import type { RosterEntry } from '../schema/roster.js';
import { collectRatings, RATINGS_TABLE } from '../schema/ratings.js';
import { outputTarget, policyFor, tableOptions } from './common.js';
import type { CommonOptions } from './options.js';
import { deliver } from './report-run.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';
import { table } from './text.js';

export interface Options extends CommonOptions {
  year?: string;
  roster?: string;
}

export async function annualRun(path: string, opts: Options): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  const policy = await policyFor(opts);
  const { view } = policy;
  if (opts.year !== undefined && !/^\d{4}$/.test(opts.year.trim())) throw new UserError(`--year 的值“${opts.year}”不是年份，应写成四位数字，例如 2025。`);

  const tbl = await openTable(path, RATINGS_TABLE, tableOptions(opts));
  const progress = t.progress('正在读取月度考核');
  const collected = await collectRatings(tbl.batches, tbl.columns, tbl.headers, (n) => progress.tick(n));
  progress.done();
  let year: number;
  if (opts.year !== undefined) year = Number(opts.year);
  else if (collected.years.size === 1) {
    year = [...collected.years][0]!;
    t.line(`未指定 --year，表中只有 ${year} 年的数据，按 ${year} 年评定。`);
  } else if (collected.years.size > 1) {
    throw new UserError(`文件 ${basename(path)} 中有多个年度（${[...collected.years].sort().join('、')}）的考核数据，请用 --year 指定评定哪一年。`);
  } else {
    throw new UserError(`文件 ${basename(path)} 的月份没有写年份（如"1月"），请用 --year 指定考核年度，例如 --year 2025。`);
  }
  const outTarget = outputTarget(path, 'annual', String(year), opts, Boolean(opts.json), [opts.roster]);
  const issues: Issue[] = [...tbl.issues, ...collected.issues];
  const inputs = [await inputMeta(path, tbl, collected.rows)];

  // With a roster: employment dates and certificates, matched to each rated clerk.
  let entries: RosterEntry[] | undefined;
  if (opts.roster !== undefined) {
    using roster = await readRoster(opts.roster, {}, view, t, yearEnd(year));
    inputs.push(roster.meta);
    // The join needs the whole roster at hand (it is as large as the ratings' clerk list). Every
    // row is searched, so a clerk whose roster row is invalid is not reported as missing.
    entries = [...roster.entries];
    issues.push(...roster.tableIssues, ...entries.flatMap((e) => e.issues));
  }
  const joined = ratedInYear(collected.clerks.values(), year, entries);
  issues.push(...joined.issues);
  const y = annualYear(joined.rated, view, { year, ...(entries ? { roster: joined.employment } : {}) });
  issues.push(...y.issues);
  return deliver(
    {
      kind: 'annual',
      period: String(year),
      inputs,
      issues,
      sheets: (meta) => annualSheets(y, issues, meta),
      json: (meta) => annualJson(y, issues, meta),
      first: new Set(['QUOTA_EXCEEDED']),
      summary(t, meta) {
        t.line(t.color.bold(`${year}年度考核（${meta.policy.file.document}）`));
        t.line(`读取 ${basename(path)}（${collected.format === 'wide' ? '每月一列' : '月份+等次'}），${y.results.length} 人${opts.roster ? `；花名册 ${basename(opts.roster)}` : ''}`);
        if (!t.quiet && y.results.length > 0) {
          const counts = (['excellent', 'competent', 'basically_competent', 'incompetent', 'pending'] as const).map((g) => [GRADE_LABEL[g], String(y.results.filter((r) => r.grade === g).length)]);
          for (const l of table([['等次', '人数'], ...counts], ['left', 'right'])) t.line(`  ${l}`);
          const exceeded = y.quota.filter((q) => !q.ok).length;
          t.line(`月度"好"比例：${y.quota.length} 个中心月份，${exceeded ? t.color.red(`${exceeded} 个超过上限`) : t.color.green('全部符合')}`);
        }
      },
    },
    { policy, opts, target: outTarget, t },
  );
}
