// npm run package: gov-clerk as single files for machines without Node (issue 15), in release/:
//   gov-clerk.cjs            the whole CLI in one CommonJS file (the policy, its cases and both
//                            threads' code inside), run by any Node 20+
//   gov-clerk-linux-x64      a single executable (Node's SEA: this machine's node + that file)
// `--only-bundle` stops after gov-clerk.cjs. Dev dependencies only (esbuild, postject); nothing
// is downloaded.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = join(ROOT, 'release');
const onlyBundle = process.argv.includes('--only-bundle');

// archiver calls new Buffer(): Node warns of it outside node_modules only, and in one file nothing is.
const NO_DEPRECATION = 'process.noDeprecation = true;';
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error', legalComments: 'none' };

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
