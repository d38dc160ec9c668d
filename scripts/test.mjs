// The test loops (issue 25). `npm test`: the whole suite once under TZ=America/Los_Angeles (west
// of UTC), then the date units again under TZ=Asia/Shanghai. No source line reads a Date in local
// time (test/house/time-zone.test.ts fails if one does), so the end-to-end tests cannot drift with
// the machine's TZ and run once; the calendar and date parsing run in both because they take a
// second (with rules, cases and properties too it was 8 s of CPU for no case the check misses).
// The one-file builds (npm run package: esbuild, node's SEA) are `npm run test:package`, which
// .ci/run runs too.
//   node scripts/test.mjs            the suite (after npm run build)
//   node scripts/test.mjs --fast     units only: nothing spawned, no build needed
//   node scripts/test.mjs --package  the single-file builds against the compiled modules
//   node scripts/test.mjs <files>    those files, in both time zones
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';

/** Test files that spawn the CLI or node, build, or read and write many files: not in --fast. */
export const SLOW = [
  'test/e2e/**',
  'test/hostile/**',
  'test/package/**',
  'test/io/**',
  'test/house/loads.test.ts',
  'test/policy/open.test.ts',
  'test/policy/old-exports.test.ts',
  'test/issues/messages.test.ts',
  'test/report/xlsx.test.ts',
  'test/cli/period.test.ts',
  'test/report/print.test.ts',
  'test/app/**',
];

/** Built and compared by `npm run test:package` only. */
export const PACKAGE = ['test/package/**'];

/** The calendar and date parsing, run again under a second time zone: a second of CPU. */
export const TZ_UNITS = ['test/calendar.test.ts', 'test/schema/'];

const WEST = 'America/Los_Angeles';
const EAST = 'Asia/Shanghai';

function vitest(tz, args, note) {
  console.log(`\n—— vitest, TZ=${tz}${note ? `（${note}）` : ''} ——`);
  // End-to-end tests mostly wait on the CLI they spawn: on 2 cores, 2 workers finish in ~2/3 of the time.
  const workers = `--maxWorkers=${Math.max(2, availableParallelism())}`;
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', workers, ...args], { stdio: 'inherit', env: { ...process.env, TZ: tz } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const exclude = (globs) => globs.flatMap((g) => ['--exclude', g]);

// Run only when executed, not when a test imports the lists above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args[0] === '--fast') {
    // Pure units share one process per worker (no fresh module graph per file): half the time.
    // The full suite keeps each file isolated, so an order dependence still fails there.
    vitest(WEST, ['--no-isolate', ...exclude(SLOW), ...args.slice(1)], '快速：规则、取值、用例、性质测试，不运行命令行');
  } else if (args[0] === '--package') {
    vitest(WEST, ['test/package/', ...args.slice(1)], '单文件版本');
  } else if (args.length) {
    vitest(WEST, args);
    vitest(EAST, args);
  } else {
    vitest(WEST, exclude(PACKAGE));
    vitest(EAST, TZ_UNITS, '只运行与日期有关的单元测试');
  }
}
