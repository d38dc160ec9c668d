// gov-clerk annual: what it reads, which rule runs, what it writes (the options are in annual.ts).
import { existsSync } from 'node:fs';
import { yearEnd } from '../calendar.js';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { Findings } from '../issues/findings.js';
import { openTable } from '../io/table.js';
import { annualJson, annualSheets } from '../report/annual.js';
import { inputMeta } from '../report/meta.js';
import { GRADE_LABEL } from '../domain.js';
import { annualYear, ratedInYear, type AnnualYear } from '../rules/annual.js';
import { consecutiveLastPlace, gradesByYear, leadCandidates, withLastPlace } from '../rules/career.js';
import type { AnnualMore } from '../report/annual.js';
import { readHistory, type HistoryInput } from './history-input.js';
import { isOwnOutput } from './workbook-period.js';
import type { RosterEntry } from '../schema/roster.js';
import { collectRatings, mergeNamesakes, noRatings, RATINGS_TABLE, settleYearless } from '../schema/ratings.js';
import { expandInputs } from '../io/inputs.js';
import { filedWithRoster, filingsOf, onPostByMonth } from '../rules/filings.js';
import type { InputMeta } from '../report/meta.js';
import { outputTarget, policyFor, tableOptions } from './common.js';
import { misplacedPeriod, yearOption, type CommonOptions } from './options.js';
import { fromInput, namesByRow } from './issue-sources.js';
import { deliver } from './report-run.js';
import { assertYearCovered } from './period.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';
import type { Issue } from '../issues/catalogue.js';
import { printColumnNotices } from './read-line.js';
import { table } from './text.js';

export interface Options extends CommonOptions {
  year?: string;
  roster?: string;
  history?: string[];
}

export async function annualRun(paths: string[], opts: Options): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  const policy = await policyFor(opts);
  const { view } = policy;
  const asked = opts.year === undefined ? undefined : yearOption(opts.year);
  if (asked !== undefined) assertYearCovered(asked, view, policy.policy.file.document);

  // Every file the centres sent (a folder stands for its files), into one set of ratings.
  // `annual 考核.csv 2025`: the year was typed as a file.
  for (const p of paths) {
    const typed = existsSync(p) ? undefined : misplacedPeriod('annual', [p, ...paths.filter((x) => x !== p)]);
    if (typed) throw new UserError(typed);
  }
  // gov-clerk's own outputs are known by what they hold, not their names (issue 24.7): one in a
  // folder is left out, and said; one named is refused (its grades are not monthly ratings).
  const files: string[] = [];
  for (const file of expandInputs(paths, '月度考核表')) {
    if (!(await isOwnOutput(file))) files.push(file);
    else if (paths.includes(file)) throw new UserError(`${basename(file)} 是 gov-clerk 生成的输出文件，不是月度考核表。往年的年度考核结果请用 --history 给出。`);
    else t.line(`跳过 ${file}：这是 gov-clerk 生成的输出，不是月度考核表（往年的年度考核结果请用 --history 给出）。`);
  }
  if (files.length === 0) throw new UserError(`${paths.join('、')} 中只有 gov-clerk 生成的输出，没有月度考核表。请给出各中心报送的月度考核表。`);
  const many = files.length > 1;
  // Two inputs or more (several files, or ratings and a roster): each finding on a row names its file.
  const sources = many || opts.roster !== undefined;
  const collected = noRatings();
  using issues = new Findings();
  const headerNotes: Issue[] = []; // what each file's header row says, for the summary's first lines
  const inputs: InputMeta[] = [];
  const readOptions = await tableOptions(opts);
  const progress = t.progress('正在读取月度考核');
  for (const file of files) {
    // A year of long ratings is a line per clerk per month: past Excel's rows, and summed as read.
    const tbl = await openTable(file, RATINGS_TABLE, { ...readOptions, maxRows: Infinity });
    const before = collected.rows;
    await collectRatings(tbl.batches, tbl.columns, tbl.headers, (n) => progress.tick(n), collected, { file: basename(file), many: sources });
    const notes = fromInput(tbl.issues, sources ? basename(file) : undefined);
    headerNotes.push(...notes); // a header's few cells
    issues.pushAll(notes);
    inputs.push(await inputMeta(file, tbl, collected.rows - before));
  }
  progress.done();
  // A finding on a rating row shows the 姓名 that row gave.
  const rater = (i: Issue) => (i.staffId !== undefined ? collected.clerks.get(i.staffId)?.name : undefined);
  issues.pushAll(fromInput(collected.issues, undefined, rater));
  // One person called by 工号 in one file and only by 姓名 in another is one clerk.
  issues.pushAll(fromInput(mergeNamesakes(collected, sources), undefined, rater));
  const path = paths[0]!;
  const named = many ? `${files.length} 个文件` : `文件 ${basename(files[0]!)}`;
  let year: number;
  if (collected.clerks.size === 0) {
    const example = collected.issues.some((i) => i.code === 'EXAMPLE_ROW');
    throw new UserError(`${named} 中没有可评定的人员${example ? '（只有模板的示例行"张三（示例）"）' : ''}。请填入各人的月度等次后再试。`);
  }
  if (asked !== undefined) {
    year = asked;
    // A year the files do not rate would grade nobody and say nothing (issue 24.3).
    if (!collected.years.has(year) && !collected.yearless) {
      const found = [...collected.years].sort();
      throw new UserError(`${named} 中没有 ${year} 年的月度等次${found.length ? `（表中是 ${found.join('、')} 年的）` : ''}，无法评定 ${year} 年度。请检查 --year。`);
    }
  } else if (collected.years.size === 1) {
    year = [...collected.years][0]!;
    t.line(`未指定 --year，表中只有 ${year} 年的数据，按 ${year} 年评定。`);
  } else if (collected.years.size > 1) {
    // Several years: the latest is graded, the earlier ones are its history (连续考核末位).
    year = [...collected.years].reduce((a, b) => Math.max(a, b));
    t.line(`未指定 --year，${named} 中有 ${[...collected.years].sort().join("、")} 年的数据，按最新的 ${year} 年评定，之前的年度作为历史。`);
  } else {
    throw new UserError(`${named} 的月份没有写年份（如"1月"），请用 --year 指定考核年度，例如 --year 2025。`);
  }
  assertYearCovered(year, view, policy.policy.file.document);
  // Months written without a year are this year's: merged now, so a conflict is found however the month was written.
  issues.pushAll(fromInput(settleYearless(collected, year, sources), undefined, rater));
  const outTarget = outputTarget(path, 'annual', String(year), opts, Boolean(opts.json), [...files, opts.roster, ...(opts.history ?? [])]);
  const histories: HistoryInput[] = [];
  for (const h of opts.history ?? []) {
    const read = await readHistory(h);
    if (read.year >= year) throw new UserError(`--history 给出的 ${read.file} 是 ${read.year} 年的年度考核，不早于本次评定的 ${year} 年。请给出往年的年度考核表。`);
    if (histories.some((o) => o.year === read.year)) throw new UserError(`--history 给出了两个 ${read.year} 年的年度考核表（${histories.find((o) => o.year === read.year)!.file}、${read.file}），请只给一个。`);
    histories.push(read);
    inputs.push(read.meta);
  }

  // With a roster: employment dates and certificates, matched to each rated clerk.
  let entries: RosterEntry[] | undefined;
  if (opts.roster !== undefined) {
    using roster = await readRoster(opts.roster, {}, view, t, yearEnd(year));
    inputs.push(roster.meta);
    // The join needs the whole roster at hand (it is as large as the ratings' clerk list). Every
    // row is searched, so a clerk whose roster row is invalid is not reported as missing.
    entries = [...roster.entries];
    const found = [...roster.tableIssues, ...entries.flatMap((e) => e.issues)];
    issues.pushAll(fromInput(found, basename(opts.roster), namesByRow(entries, found)));
  }
  const joined = ratedInYear(collected.clerks.values(), year, entries);
  issues.pushAll(fromInput(joined.issues, undefined, rater));
  // 窗口工作人员总数 for the quota: with a roster, each centre's clerks on post that month.
  const onPost = entries ? onPostByMonth(entries.flatMap((e) => (e.clerk ? [e.clerk] : [])), year) : undefined;
  const y = annualYear(joined.rated, view, { year, ...(entries ? { roster: joined.employment } : {}), ...(onPost ? { onPost } : {}) });
  issues.pushAll(fromInput(y.issues, undefined, rater));
  // Rows without 所属中心 were filed by the centre the roster puts their clerk in.
  const filed = entries ? filedWithRoster(collected.filed, collected.clerks.values(), new Map(joined.rated.map((r) => [r.staffId, r.center]))) : collected.filed;
  const filings = filingsOf(filed, collected.files, year, view, onPost);
  issues.pushAll(filings.issues);

  // 连续考核末位: this year and the years before it, graded from these ratings or read back.
  const span = view.at('annual.last_place', yearEnd(year)).value.years;
  const lastPlaceYears = Array.from({ length: span }, (_, i) => year - span + 1 + i);
  const fromRatings = new Map([[year, y.results]]);
  for (const py of lastPlaceYears.slice(0, -1)) {
    if (!collected.years.has(py)) continue;
    const j = ratedInYear(collected.clerks.values(), py, entries);
    fromRatings.set(py, annualYear(j.rated, view, { year: py, ...(entries ? { roster: j.employment } : {}) }).results);
  }
  const byYear = gradesByYear(year, fromRatings, histories, [...collected.clerks.values()]);
  const last = consecutiveLastPlace(byYear, year, view);
  issues.pushAll(last.issues);
  const graded: AnnualYear = { ...y, results: withLastPlace(y.results, last.findings) };
  const candidates = entries ? leadCandidates(byYear.get(year)!, joined.employment, year, view) : undefined;
  const more: AnnualMore = { filings: filings.centres, lastPlaceYears, lastPlace: last.findings, ...(candidates ? { candidates } : {}) };
  // Awaited here: the findings' store is removed when this function returns.
  return await deliver(
    {
      kind: 'annual',
      period: String(year),
      inputs,
      issues,
      sheets: (meta) => annualSheets(graded, issues, meta, { ...more, sources }),
      json: (meta) => annualJson(graded, issues, meta, more),
      first: new Set(['QUOTA_EXCEEDED']),
      summary(t, meta) {
        t.line(t.color.bold(`${year}年度考核（${meta.policy.file.document}）`));
        const layout = { wide: '每月一列', long: '月份+等次', mixed: '每月一列与月份+等次混合' }[collected.format];
        t.line(`读取 ${many ? `${files.length} 个文件` : basename(files[0]!)}（${layout}），${y.results.length} 人${opts.roster ? `；花名册 ${basename(opts.roster)}` : ''}`);
        printColumnNotices(t, headerNotes);
        const missing = filings.issues.length;
        const rotate = last.findings.filter((f) => f.decision === 'rotate').length;
        const review = last.findings.length - rotate;
        if (rotate) t.line(t.color.yellow(`连续考核末位：${rotate} 人，建议换岗（见「连续考核末位」表）`));
        if (review) t.line(t.color.yellow(`连续考核等次最低但并列过多：${review} 人，不据此建议换岗，由人工确定（见「连续考核末位」表）`));
        if (candidates?.length) t.line(`可竞选窗口负责人或首席代表：${candidates.length} 人（见「可竞选窗口负责人」表）`);
        if (opts.roster) t.line(`报送情况：${filings.centres.length} 个中心，${missing ? t.color.yellow(`${missing} 个中心月份未报送`) : t.color.green('各月都已报送')}`);
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
