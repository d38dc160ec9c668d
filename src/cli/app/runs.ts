// The page's runs. One engine: each run is the CLI command's own run function (src/cli/*-run.ts),
// in this process, on the uploaded files, with the options the command line would pass. The
// report it delivers (report-run.ts deliver()) is written as the CLI writes it: the workbook by
// deliver itself, the CSV and the JSON by the same writer `-o x.csv` / `-o x.json` use. The page
// shows the JSON the CLI wrote and the workbook's own sheets; nothing here computes a rule.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../../errors.js';
import { CATALOGUE, type IssueCode } from '../../issues/catalogue.js';
import { isBand, type SheetOut } from '../../report/table.js';
import { maskIdsIn } from '../../schema/id-number.js';
import { writeOutput } from '../common.js';
import { observeReports, type ReportObserver } from '../report-run.js';
import type { Uploads } from './uploads.js';

export const COMMANDS = ['payroll', 'budget', 'annual', 'check-staffing', 'check-roster'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** What the page asks for: the command and the values of its pickers, as the command line would spell them. */
export interface RunRequest {
  command: CommandName;
  /** payroll: YYYY-MM, or YYYY-MM..YYYY-MM for a range. */
  month?: string;
  /** payroll (a whole year), budget, annual. */
  year?: string;
  /** The checks: YYYY-MM-DD. */
  asOf?: string;
  /** annual, check-staffing: read the uploaded roster too (--roster). */
  withRoster?: boolean;
  /** payroll: compare with the uploaded 上月发放表 (--previous). */
  withPrevious?: boolean;
  /** annual: the uploaded earlier years' workbooks (--history). */
  withHistory?: boolean;
  /** --mask-id: the downloaded files' IDs masked. */
  maskId?: boolean;
  /** --sheet, --header-row: where the main input's table is. */
  sheet?: string;
  headerRow?: string;
  /** --policy: the uploaded policy file. */
  withPolicy?: boolean;
  /** The screen shows full ID numbers (masked unless the user asks). */
  showIds?: boolean;
}

export interface PreviewSheet {
  name: string;
  title?: string;
  columns: string[];
  rows: Array<Array<string | number | boolean | null>>;
  /** All of the sheet's rows; `rows` holds the first PREVIEW_ROWS. */
  total: number;
}

export interface RunOutcome {
  id: string;
  command: CommandName;
  /** The CLI's exit code: 0 no error, 1 errors found. */
  code: number;
  /** The file names the CLI would write (its default name, beside the input), by format. */
  files: Record<'xlsx' | 'csv' | 'json', string>;
  /** The JSON the CLI wrote, IDs masked unless asked for. */
  result: Record<string, unknown>;
  sheets: PreviewSheet[];
  /** Each finding code's fix, from the catalogue (the JSON carries the message, not the fix). */
  fixes: Record<string, { title: string; fix: string }>;
}

const PREVIEW_ROWS = 1000;
/** Runs kept for download; older ones are removed. */
const KEPT_RUNS = 10;

export class Runs {
  private queue: Promise<unknown> = Promise.resolve();
  private n = 0;
  private readonly done: string[] = [];
  constructor(
    private readonly dir: string,
    private readonly uploads: Uploads,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** One run at a time: the runs share this process, and the observer is one. */
  run(req: RunRequest): Promise<RunOutcome> {
    const next = this.queue.then(() => this.runNow(req));
    this.queue = next.catch(() => {});
    return next;
  }

  /** A file of a finished run, by its id and format; undefined when there is none. */
  file(id: string, format: string): { path: string; name: string } | undefined {
    if (!this.done.includes(id) || !['xlsx', 'csv', 'json'].includes(format)) return undefined;
    const dir = join(this.dir, id);
    const name = readdirSync(dir).find((f) => extname(f) === `.${format}`);
    return name ? { path: join(dir, name), name } : undefined;
  }

  private async runNow(req: RunRequest): Promise<RunOutcome> {
    const id = `r${++this.n}`;
    const dir = join(this.dir, id);
    let captured: { base: string; sheets: PreviewSheet[] } | undefined;
    const observer: ReportObserver = async (report, meta, target) => {
      if (!target) throw new Error('a page run always has an output file');
      mkdirSync(dir, { mode: 0o700 });
      const base = basename(target.path, extname(target.path));
      renameSync(target.path, join(dir, `${base}.xlsx`));
      const sheets = () => report.sheets(meta);
      const json = () => report.json(meta);
      await writeOutput({ path: join(dir, `${base}.csv`), format: 'csv' }, sheets, json, { maskIds: meta.maskIds });
      await writeOutput({ path: join(dir, `${base}.json`), format: 'json' }, sheets, json, { maskIds: meta.maskIds });
      captured = { base, sheets: report.sheets(meta).map((s) => preview(s, !req.showIds)) };
    };
    observeReports(observer);
    let code: number;
    try {
      code = await this.invoke(req);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    } finally {
      observeReports(undefined);
    }
    if (!captured) throw new Error('the run delivered no report');
    this.done.push(id);
    for (const old of this.done.splice(0, Math.max(0, this.done.length - KEPT_RUNS))) rmSync(join(this.dir, old), { recursive: true, force: true });
    const text = readFileSync(join(dir, `${captured.base}.json`), 'utf8');
    const result = forPage(JSON.parse(text, req.showIds ? undefined : (_k, v: unknown) => (typeof v === 'string' ? maskIdsIn(v) : v)) as Record<string, unknown>);
    const codes = new Set(((result.issues ?? []) as Array<{ code: string }>).map((i) => i.code));
    const fixes = Object.fromEntries(
      [...codes].filter((c) => c in CATALOGUE).map((c) => [c, { title: CATALOGUE[c as IssueCode].title, fix: CATALOGUE[c as IssueCode].fix }]),
    );
    const files = { xlsx: `${captured.base}.xlsx`, csv: `${captured.base}.csv`, json: `${captured.base}.json` };
    return { id, command: req.command, code, files, result, sheets: captured.sheets, fixes };
  }

  /** The command's own run function, with the options its command line would give. */
  private async invoke(req: RunRequest): Promise<number> {
    const common = {
      quiet: true,
      ...(req.maskId ? { maskId: true } : {}),
      ...(req.sheet !== undefined ? { sheet: req.sheet } : {}),
      ...(req.headerRow !== undefined ? { headerRow: positive(req.headerRow) } : {}),
      ...(req.withPolicy ? { policy: this.uploads.one('policy') } : {}),
    };
    const roster = () => this.uploads.one('roster');
    const optional = (yes: boolean | undefined, slot: 'roster' | 'previous') => (yes ? { [slot]: this.uploads.one(slot) } : {});
    switch (req.command) {
      case 'payroll': {
        const { payroll } = await import('../payroll-run.js');
        const period = req.year !== undefined ? { year: req.year } : req.month !== undefined ? { month: req.month } : {};
        return payroll(roster(), { ...common, ...period, ...optional(req.withPrevious, 'previous') });
      }
      case 'budget': {
        const { budget } = await import('../budget-run.js');
        return budget(roster(), { ...common, ...(req.year !== undefined ? { year: req.year } : {}) });
      }
      case 'annual': {
        const { annualRun } = await import('../annual-run.js');
        const history = req.withHistory ? { history: this.uploads.all('history') } : {};
        return annualRun([this.uploads.ratings()], { ...common, ...(req.year ? { year: req.year } : {}), ...optional(req.withRoster, 'roster'), ...history });
      }
      case 'check-staffing': {
        const { checkStaffingRun } = await import('../check-staffing-run.js');
        return checkStaffingRun(this.uploads.one('centers'), { ...common, ...asOf(req), ...optional(req.withRoster, 'roster') });
      }
      case 'check-roster': {
        const { checkRosterRun } = await import('../check-roster-run.js');
        return checkRosterRun(roster(), { ...common, ...asOf(req) });
      }
      default:
        throw new UserError('没有这个命令。');
    }
  }
}

/** --header-row as the command line takes it: a row number from 1. */
function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`表头行应为正整数（从 1 开始的行号），实际为“${v}”。`);
  return n;
}

function asOf(req: RunRequest): { asOf?: string } {
  return req.asOf !== undefined ? { asOf: req.asOf } : {};
}

/**
 * The JSON as the page uses it: every part as written, except that each clerk is cut to where
 * they are (row, 工号, centre: the problems list finds a finding's centre by them). Each clerk's
 * amounts and reasons are in the sheets and the downloads; a year of a large roster's JSON is
 * tens of MB, too much to send to a page that shows none of it.
 */
function forPage(json: Record<string, unknown>): Record<string, unknown> {
  type Who = { row?: number; staffId?: string; center?: string };
  const slim = (people: unknown) => (Array.isArray(people) ? (people as Who[]).map(({ row, staffId, center }) => ({ row, staffId, center })) : people);
  const months = Array.isArray(json.months) ? (json.months as Array<Record<string, unknown>>).map((m) => ({ ...m, clerks: slim(m.clerks) })) : json.months;
  return { ...json, clerks: slim(json.clerks), excluded: slim(json.excluded), months };
}

/** A sheet as the page shows it: headers, the first rows' values (a formula's result), IDs masked on request. */
function preview(sheet: SheetOut, mask: boolean): PreviewSheet {
  const rows: PreviewSheet['rows'] = [];
  let total = 0;
  for (const row of sheet.rows) {
    total += 1;
    // A band (a group's heading, 小计, signature line) shows as the cells it prints.
    const cells = isBand(row) ? (row.cells ?? [row.text ?? '']) : row;
    if (rows.length < PREVIEW_ROWS) rows.push(cells.map((c) => (c !== null && typeof c === 'object' ? c.result : mask && typeof c === 'string' ? maskIdsIn(c) : c)));
  }
  return { name: sheet.name, ...(sheet.title ? { title: sheet.title } : {}), columns: sheet.columns.map((c) => c.header), rows, total };
}
