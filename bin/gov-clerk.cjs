#!/usr/bin/env node
'use strict';
// The CLI is dist/gov-clerk.cjs, the whole program in one file that `npm run build` writes with
// its V8 code cache: loading it costs a fraction of loading the compiled modules one by one.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'gov-clerk.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('gov-clerk 还没有构建：请在它的文件夹中运行 npm run build（npm install 会自动运行）。\n');
  process.exit(2);
}
require('./run-bundle.cjs').runBundleFile(bundle, require);
