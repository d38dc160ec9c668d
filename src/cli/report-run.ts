// The one path every report command ends on: the run's metadata, JSON on stdout when asked,
// the output file, then the terminal summary and the exit code. A command says what it read
// and which rule ran; this says how a report is delivered, the same way for all four.
import type { FindingList } from '../issues/findings.js';
import { writeJson } from '../report/json.js';
import type { InputMeta, RunMeta } from '../report/meta.js';
import type { SheetOut, WriteSize } from '../report/table.js';
import { exitCodeFor, printIssueSummary, writeOutput, type outputTarget, type policyFor } from './common.js';
import type { CommonOptions } from './options.js';
import type { Terminal } from './terminal.js';
import { printable } from './text.js';
import { filledNames } from '../report/policy-text.js';

export interface Report {
  kind: RunMeta['kind'];
  period: string;
  inputs: InputMeta[];
  /** Counted, and read again for each output: never held whole (issue 24). */
  issues: FindingList;
  sheets(meta: RunMeta): SheetOut[];
  json(meta: RunMeta): Record<string, unknown>;
  /** What the terminal shows above the issue counts. */
  summary(t: Terminal, meta: RunMeta): void;
  /** Text for standard output instead of JSON (payroll --explain); never with --json. */
  printed?: () => string;
  /** Error codes listed before the others in the terminal. */
  first?: ReadonlySet<string>;
  /** How large the sheets are: the writer decides from it whether to use a second thread. */
  size?: WriteSize;
}

/**
 * Who else is handed each report as it is delivered (the local page, src/cli/app, which writes the
 * other formats from it and shows its sheets); none for the CLI. Called before the run's inputs
 * are released, so the report's sheets can still be made.
 */
export type ReportObserver = (report: Report, meta: RunMeta, target: ReturnType<typeof outputTarget>) => Promise<void>;
let observer: ReportObserver | undefined;
export function observeReports(o: ReportObserver | undefined): void {
  observer = o;
}

export async function deliver(
  report: Report,
  run: { policy: Awaited<ReturnType<typeof policyFor>>; opts: CommonOptions; target: ReturnType<typeof outputTarget>; t: Terminal },
): Promise<number> {
  const { policy, view } = run.policy;
  const meta: RunMeta = {
    kind: report.kind,
    period: report.period,
    policy,
    inputs: report.inputs,
    generatedAt: new Date(),
    used: view.used,
    maskIds: Boolean(run.opts.maskId),
  };
  if (run.opts.json) await writeJson(process.stdout, report.json(meta), meta.maskIds);
  else if (report.printed) process.stdout.write(printable(report.printed()));
  if (run.target) {
    const sheets = () => report.sheets(meta).map((s) => ({ ...s, rows: counted(s.rows, run.t.progress(`正在写出「${s.name}」`)) }));
    await writeOutput(run.target, sheets, () => report.json(meta), { maskIds: meta.maskIds, ...(report.size ? { size: report.size } : {}) });
  }
  if (observer) await observer(report, meta, run.target);
  report.summary(run.t, meta);
  if (policy.filled.length > 0) {
    const names = filledNames(policy);
    run.t.line(
      run.t.color.yellow(`注意：政策文件 ${policy.source} 是旧版本导出的，缺少 ${names.length} 项参数（${names.join('、')}），已按内置政策计算；运行 gov-clerk policy upgrade ${policy.source} 可把它们写进文件`),
    );
  }
  printIssueSummary(run.t, report.issues, report.first);
  if (run.target) run.t.line(`已写入 ${run.target.path}`);
  return exitCodeFor(report.issues);
}

/** A sheet's rows, counted on the terminal as they are written (a long range or roster takes a while). */
function counted<T>(rows: Iterable<T>, progress: ReturnType<Terminal['progress']>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      let n = 0;
      for (const row of rows) {
        yield row;
        progress.tick(++n);
      }
      progress.done();
    },
  };
}
