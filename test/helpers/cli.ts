import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/gov-clerk.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (npm test builds dist/ first). */
export function cli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): CliResult {
  if (!existsSync(`${ROOT}dist/cli/main.js`)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
    maxBuffer: 1 << 30, // a large roster's JSON is tens of MB
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
