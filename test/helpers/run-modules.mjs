// The compiled modules run as bin/ ran them before the one-file build (see cliModules in cli.ts).
const { main } = await import(new URL('../../dist/cli/main.js', import.meta.url).href);
process.exitCode = await main(process.argv);
