// One measured run, in its own process: `node bench/child.mjs <task> <args…>`; prints JSON
// with wall time and peak RSS. Tasks: cli (the built gov-clerk), xlsx-copy and csv-read (the
// baselines: the floor that any tool reading and writing these files with the same libraries pays).
import { createReadStream, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [task, ...args] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
if (task === 'cli') {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(['node', 'gov-clerk', ...args]);
} else if (task === 'xlsx-copy') {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(args[0], { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: args[1], useStyles: true, useSharedStrings: false });
  const out = writer.addWorksheet('copy');
  for await (const ws of reader) {
    for await (const row of ws) {
      out.addRow(row.values).commit();
      rows++;
    }
  }
  out.commit();
  await writer.commit();
} else if (task === 'csv-read') {
  const { parse } = await import('csv-parse');
  for await (const _ of createReadStream(args[0]).pipe(parse({ relax_column_count: true, bom: true }))) rows++;
}
const ms = performance.now() - t0;
/**
 * Peak memory of this process: VmHWM (the high-water mark of its own address space, worker
 * threads included). Not ru_maxrss: on Linux that keeps the pre-exec high-water mark of the
 * forked copy, so a child of a runner that had grown (it generated a million-row input) read
 * as large as the runner.
 */
function peakMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
process.on('exit', () => {
  process.stdout.write(`\n${JSON.stringify({ task, ms: Math.round(ms), maxRssMb: peakMb(), rows })}\n`);
});
