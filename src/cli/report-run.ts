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
  /** Error codes listed before the others in the terminal. */
  first?: ReadonlySet<string>;
  /** How large the sheets are: the writer decides from it whether to use a second thread. */
  size?: WriteSize;
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
  if (run.target) {
    const sheets = () => report.sheets(meta).map((s) => ({ ...s, rows: counted(s.rows, run.t.progress(`正在写出「${s.name}」`)) }));
    await writeOutput(run.target, sheets, () => report.json(meta), { maskIds: meta.maskIds, ...(report.size ? { size: report.size } : {}) });
  }
  report.summary(run.t, meta);
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
