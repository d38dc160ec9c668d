import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/gov-clerk.cjs`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (npm test builds dist/ first): bin/ runs the one-file dist/gov-clerk.cjs. */
export function cli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): CliResult {
  if (!existsSync(`${ROOT}dist/gov-clerk.cjs`)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  return spawnCli([...nodeArgs, BIN, ...args], env);
}

/**
 * Runs the compiled modules (dist/cli/main.js) without the bundle, as bin/ did before the
 * one-file build: what every bundled build is compared with.
 */
export function cliModules(args: string[], env: Record<string, string> = {}): CliResult {
  return spawnCli([`${ROOT}test/helpers/run-modules.mjs`, ...args], env);
}

function spawnCli(argv: string[], env: Record<string, string>): CliResult {
  const r = spawnSync(process.execPath, argv, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
    maxBuffer: 1 << 30, // a large roster's JSON is tens of MB
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
