#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
const code = await main(process.argv);
process.exitCode = code;
// A run that could not finish (exit 2) ends within seconds even if a stream it abandoned
// (a file on a full disk) still holds the event loop; a normal run ends by itself.
if (code === 2) setTimeout(() => process.exit(2), 3000).unref();
