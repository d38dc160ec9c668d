// The one-file CLI (issue 15, fast start), part of `npm run build` after tsc:
//   dist/builtin-policy.json   the built-in policy as the schema checked it, with its text's sha256
//                              (a run with the built-in policy loads neither YAML nor zod)
//   dist/gov-clerk.cjs         the CLI in one CommonJS file, what bin/gov-clerk.cjs runs; it
//                              reads the policy and starts its threads from the package as before
//   dist/gov-clerk.cjs.cache   V8's code cache for it, made by a payroll run on the fixture
//   dist/page/                 the local page of `gov-clerk app`: index.html, page.css and
//                              page.js (src/cli/app/page/main.js with the parts of ECharts it uses)
// scripts/package.mjs uses bundleCli() with everything embedded for the single-file builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

// archiver calls new Buffer(): Node warns of it outside node_modules only, and in one file nothing is.
const NO_DEPRECATION = 'process.noDeprecation = true;';
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error', legalComments: 'none', minify: true, keepNames: true };
const ENTRY = `
${NO_DEPRECATION}
const { main } = require('./src/cli/main.ts');
main(process.argv).then((code) => {
  process.exitCode = code;
  // A run that could not finish (exit 2) ends within seconds even if a stream it abandoned
  // (a file on a full disk) still holds the event loop; a normal run ends by itself.
  if (code === 2) setTimeout(() => process.exit(2), 3000).unref();
});
`;

/** The built-in policy, checked by the compiled loader (the same check every user's file gets). */
export async function checkedBuiltinPolicy() {
  const { loadPolicy } = await import(pathToFileURL(join(DIST, 'policy', 'load.js')).href);
  const policy = loadPolicy();
  return { sha256: policy.sha256, file: policy.file };
}

/**
 * The CLI as one CommonJS file. `embed`: the policy, its cases, the version and both threads'
 * code inside (the single-file builds look nothing up on disk); otherwise the package's files
 * are read from beside the bundle, as the compiled modules read them.
 */
export async function bundleCli({ embed }) {
  const plugins = [lazyBuiltins, ...(embed ? [embedded({ threads: await threadsCode(), checked: await checkedBuiltinPolicy(), page: await appPage() })] : [])];
  // Outside a bundle, import.meta.url is the module's URL: here, the bundle's own.
  const moduleUrl = embed ? {} : { define: { 'import.meta.url': '__gov_clerk_url' }, banner: { js: 'var __gov_clerk_url = require("node:url").pathToFileURL(__filename).href;' } };
  const r = await esbuild.build({ ...common, ...moduleUrl, stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' }, plugins });
  return `#!/usr/bin/env node\n${ascii(r.outputFiles[0].text)}`;
}

/**
 * esbuild escapes non-ASCII text in strings but not in regular expressions (【】、，¥…): a
 * few such characters made Node hold the whole file as a two-byte string, read and compiled
 * slower. As \uXXXX they mean the same in any regular expression, with or without the u flag.
 * bin/run-bundle.cjs reads the bundle as Latin-1, which for ASCII is the same text, faster.
 */
function ascii(text) {
  // An escaped character (\、) would turn into an escaped backslash: there is none; stop if one comes.
  if (/\\[^\x00-\x7f]/.test(text)) throw new Error('bundle: a non-ASCII character after a backslash; escape it by hand in src/');
  const out = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return out;
}

/**
 * Builtins a run seldom needs, loaded on first use instead of when the bundle starts: commander
 * requires node:child_process for subcommands that are programs of their own (gov-clerk has
 * none), ours node:worker_threads (a thread only for large inputs) and node:v8 (only once an
 * input is large). Each was a few milliseconds of every start. Only named imports and property
 * access reach them (test/house/loads.test.ts checks they stay unloaded; the threads' tests that they work).
 */
const LAZY_BUILTINS = [
  ['node:child_process', (importer) => importer.includes(join('node_modules', 'commander'))],
  ['node:worker_threads', (importer) => importer.startsWith(join(ROOT, 'src'))],
  ['node:v8', (importer) => importer.startsWith(join(ROOT, 'src'))],
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:(child_process|worker_threads|v8)$/ }, (a) =>
      LAZY_BUILTINS.some(([name, from]) => name === a.path && from(a.importer)) ? { path: a.path, namespace: 'lazy' } : undefined,
    );
    // An object of getters, one per export (listed here, at build time): esbuild's interop copies
    // them as getters too, so nothing is loaded until one is read.
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => ({
      contents: `let m; const load = () => (m ??= require(${JSON.stringify(a.path)}));
module.exports = Object.defineProperties({}, Object.fromEntries(${JSON.stringify(Object.keys(createRequire(import.meta.url)(a.path)))}.map((k) => [k, { enumerable: true, get: () => load()[k] }])));`,
      loader: 'js',
    }));
  },
};

/** A thread's code as one CommonJS string (started with new Worker(code, { eval: true })). */
async function threadsCode() {
  const one = async (name) => {
    const r = await esbuild.build({ ...common, entryPoints: [join(ROOT, 'src', `${name}.ts`)], plugins: [embedded({ threads: {}, checked: undefined })], banner: { js: NO_DEPRECATION } });
    return r.outputFiles[0].text;
  };
  return { 'io/source-worker': await one('io/source-worker'), 'report/xlsx-worker': await one('report/xlsx-worker') };
}

/**
 * The local page's files (gov-clerk app), for a browser: its script bundled with the parts of
 * ECharts it uses (no CDN: the page loads nothing from anywhere else), minified, ASCII only.
 */
export async function appPage() {
  const PAGE = join(ROOT, 'src', 'cli', 'app', 'page');
  const r = await esbuild.build({
    entryPoints: [join(PAGE, 'main.js')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // The Chromium inside the browsers offices use (360, QQ, Edge) is often a few years old.
    target: ['chrome80', 'edge80', 'firefox78'],
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    write: false,
    logLevel: 'error',
  });
  return { 'index.html': readFileSync(join(PAGE, 'index.html'), 'utf8'), 'page.css': readFileSync(join(PAGE, 'page.css'), 'utf8'), 'page.js': r.outputFiles[0].text };
}

/** Replaces src/assets.ts with a module that holds what it would read from disk. */
function embedded({ threads, checked, page = {} }) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const text = (f) => readFileSync(join(ROOT, 'policy', f), 'utf8');
  // Each text sits inside a function: with the code cache taken, V8 does not even parse a
  // function until it is called, so the threads' code (most of the file) costs a run that
  // starts no thread only the reading of its bytes.
  const contents = `
export const BUILTIN_POLICY_FILE = '（内置）/sucheng-2024-26.yaml';
export const BUILTIN_CASES_FILE = '（内置）/sucheng-2024-26.cases.yaml';
export const builtinPolicyText = () => ${JSON.stringify(text('sucheng-2024-26.yaml'))};
export const builtinCasesText = () => ${JSON.stringify(text('sucheng-2024-26.cases.yaml'))};
export const builtinPolicyChecked = () => (${JSON.stringify(checked ?? null)}) ?? undefined;
export const VERSION = ${JSON.stringify(pkg.version)};
const THREADS = {
${Object.entries(threads).map(([name, code]) => `  ${JSON.stringify(name)}: () => ${JSON.stringify(code)},`).join('\n')}
};
export const threadCode = (name) => (THREADS[name] === undefined ? undefined : { code: THREADS[name]() });
// The page's files gzipped (a third of the bytes every start of a single-file build reads),
// unpacked only when gov-clerk app serves them.
const APP = {
${Object.entries(page).map(([name, text]) => `  ${JSON.stringify(name)}: () => ${JSON.stringify(gzipSync(text, { level: 9 }).toString('base64'))},`).join('\n')}
};
export const appAsset = (name) => {
  if (APP[name] === undefined) throw new Error('no page file ' + name);
  return require('node:zlib').gunzipSync(Buffer.from(APP[name](), 'base64')).toString('utf8');
};
`;
  return {
    name: 'embedded-assets',
    setup(build) {
      build.onResolve({ filter: /(^|\/)assets\.js$/ }, (a) => (a.importer.startsWith(join(ROOT, 'src')) ? { path: 'assets', namespace: 'embedded' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'embedded' }, () => ({ contents, loader: 'js' }));
    },
  };
}

/**
 * V8's code cache for `bundle`, written to `<bundle>.cache` at the end of a payroll run on the
 * fixture (the run a cache made before running would miss: most functions compile lazily).
 * `node`: the binary that will run the bundle; V8 refuses a cache another Node made.
 */
export function writeCodeCache(bundle, node = process.execPath) {
  rmSync(`${bundle}.cache`, { force: true });
  if (!existsSync(join(ROOT, 'fixtures', 'roster.xlsx'))) return; // a package without fixtures: no cache, only slower
  const tmp = mkdtempSync(join(tmpdir(), 'gov-clerk-cache-'));
  try {
    const runner = join(tmp, 'run.cjs');
    writeFileSync(runner, `require(${JSON.stringify(join(ROOT, 'bin', 'run-bundle.cjs'))}).runBundleFile(${JSON.stringify(bundle)}, require);\n`);
    const args = ['payroll', join(ROOT, 'fixtures', 'roster.xlsx'), '--month', '2025-06', '-q', '-o', join(tmp, 'payroll.xlsx')];
    const r = spawnSync(node, [runner, ...args], { env: { ...process.env, GOV_CLERK_WRITE_CODE_CACHE: `${bundle}.cache` }, encoding: 'utf8' });
    // The fixture has errors on purpose: exit 1 is its normal end.
    if (r.status !== 1) throw new Error(`the warm-up run for the code cache failed (exit ${r.status}): ${r.stderr}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(DIST, 'builtin-policy.json'), JSON.stringify(await checkedBuiltinPolicy()));
  mkdirSync(join(DIST, 'page'), { recursive: true });
  for (const [name, text] of Object.entries(await appPage())) writeFileSync(join(DIST, 'page', name), text);
  const bundle = join(DIST, 'gov-clerk.cjs');
  writeFileSync(bundle, await bundleCli({ embed: false }));
  writeCodeCache(bundle);
}
