// Runs the suite west of UTC, then again east of it for the tests that read, compute or write
// dates, so that no date can drift with the machine's TZ. Tests that cannot depend on the
// time zone (faults, hostile files, templates, terminal text, the house rules) run once: a
// new test file runs in both unless it is listed here. `npm test -- <files>` runs those in both.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const TZ_INDEPENDENT = [
  'test/hostile/**',
  'test/e2e/first-hour.test.ts',
  'test/house/**',
  'test/report/**',
  'test/cli/**',
  'test/io/csv.test.ts',
  'test/io/spool.test.ts',
  'test/io/source-thread.test.ts',
  'test/policy/**',
  'test/package/**',
  'test/app/**',
];

// End-to-end tests mostly wait on the CLI they spawn: on 2 cores, 2 workers finish in ~2/3 of the time.
const workers = `--maxWorkers=${Math.max(2, availableParallelism())}`;
const args = process.argv.slice(2);
const runs = [
  { tz: 'America/Los_Angeles', extra: [] },
  { tz: 'Asia/Shanghai', extra: args.length ? [] : TZ_INDEPENDENT.flatMap((g) => ['--exclude', g]) },
];
for (const { tz, extra } of runs) {
  console.log(`\n—— vitest, TZ=${tz}${extra.length ? '（只运行与时区有关的测试）' : ''} ——`);
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', workers, ...extra, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TZ: tz },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
