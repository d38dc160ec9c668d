'use strict';
// Runs gov-clerk's one-file bundle with V8's code cache (issue 15, fast start). Node 20 has no
// compile cache of its own: compiling the bundle's few MB was a third of a small run. The cache
// is made once, at build time, after a real run (so it holds the functions that run used), and
// V8 itself refuses a cache made by another Node or for another text: the bundle is then
// compiled as usual, only slower. Used by bin/gov-clerk.cjs and by the single executable.
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');

/** The bundle as a CommonJS function; its first line (`#!`) kept as a comment so lines still match. */
function wrap(code) {
  return `(function (exports, require, module, __filename, __dirname) {${code.replace(/^#!/, '//')}\n})`;
}

/**
 * Runs `code` (the bundle's text) as module `filename`. `cachedData`: the code cache, if any.
 * GOV_CLERK_WRITE_CODE_CACHE=<file> writes the cache at exit (the build's warm run);
 * GOV_CLERK_REPORT_CODE_CACHE=1 says on stderr whether V8 took it (the tests ask).
 */
function runBundle(code, filename, cachedData, req) {
  const script = new vm.Script(wrap(code), { filename, ...(cachedData ? { cachedData } : {}) });
  if (process.env.GOV_CLERK_REPORT_CODE_CACHE === '1') {
    process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  }
  const out = process.env.GOV_CLERK_WRITE_CODE_CACHE;
  if (out) process.once('exit', () => fs.writeFileSync(out, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, req, module, filename, path.dirname(filename));
}

/** Runs the bundle file `filename`, with `<filename>.cache` when there is one. */
function runBundleFile(filename, req) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${filename}.cache`);
  } catch {
    cachedData = undefined; // no cache: compiled as usual
  }
  runBundle(fs.readFileSync(filename, 'latin1'), filename, cachedData, req);
}

module.exports = { runBundle, runBundleFile };
