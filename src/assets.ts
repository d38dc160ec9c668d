// What the program ships besides its code: the built-in policy and its cases, the version, and
// the code of its two threads. Here they are the package's files (src/ and dist/ both sit one
// level below the package root); the single-file build (scripts/package.mjs) replaces this
// module with one that holds them as text, so a bundled gov-clerk looks nothing up on disk.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** Where the built-in policy and its cases are (a real path here; a name in the bundle). */
export const BUILTIN_POLICY_FILE = fileURLToPath(new URL('policy/sucheng-2024-26.yaml', ROOT));
export const BUILTIN_CASES_FILE = fileURLToPath(new URL('policy/sucheng-2024-26.cases.yaml', ROOT));

export function builtinPolicyText(): string {
  return readFileSync(BUILTIN_POLICY_FILE, 'utf8');
}

export function builtinCasesText(): string {
  return readFileSync(BUILTIN_CASES_FILE, 'utf8');
}

/**
 * The built-in policy as `npm run build` checked it (scripts/bundle.mjs writes it beside the
 * compiled modules): JSON with the sha256 of the text it came from. None when run from src/.
 */
export function builtinPolicyChecked(): unknown {
  try {
    return JSON.parse(readFileSync(new URL('./builtin-policy.json', import.meta.url), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export const VERSION: string = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;

/** How to start one of the two threads: its compiled file, or (in the bundle) its code. */
export type ThreadCode = { url: URL } | { code: string };

/**
 * The compiled thread beside this module; none when there is no compiled file (the sources as
 * the test runner loads them have only .ts files): the caller then works on one thread.
 */
export function threadCode(name: 'io/source-worker' | 'report/xlsx-worker'): ThreadCode | undefined {
  const url = new URL(`./${name}.js`, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? { url } : undefined;
}

/**
 * The local page's files (gov-clerk app): index.html, page.js (the page's code with ECharts)
 * and page.css, as scripts/bundle.mjs built them into dist/page/; in the single-file builds, held
 * as text like the policy.
 */
export function appAsset(name: string): string {
  return readFileSync(new URL(`dist/page/${name}`, ROOT), 'utf8');
}
