// Runs the suite twice, west and east of UTC, so that no date can drift with the machine's TZ.
import { spawnSync } from 'node:child_process';

for (const tz of ['America/Los_Angeles', 'Asia/Shanghai']) {
  console.log(`\n—— vitest, TZ=${tz} ——`);
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TZ: tz },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
