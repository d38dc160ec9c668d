// The policy a command runs with. A user's file is read and checked in full (load.ts: YAML and
// the schema). The built-in one, the common case, was checked when gov-clerk was built: its
// checked form is used when it comes from exactly this text (same sha256), which spares every
// run loading the YAML parser and the schema library (issue 15, fast start); otherwise the text
// is checked as a user's file would be.
import { BUILTIN_POLICY_FILE, builtinPolicyChecked, builtinPolicyText } from '../assets.js';
import { policyOf, sha256Of, type Policy } from './policy.js';
import type { PolicyFile } from './schema.js';

/** What the build writes: the text's sha256 and the file the schema made of it. */
export interface CheckedPolicy {
  sha256: string;
  file: PolicyFile;
}

export async function openPolicy(path?: string): Promise<Policy> {
  if (path === undefined || path === BUILTIN_POLICY_FILE) {
    const text = builtinPolicyText();
    const file = checkedFileFor(text, builtinPolicyChecked());
    if (file) return policyOf(file, text, BUILTIN_POLICY_FILE, true);
  }
  return (await import('./load.js')).loadPolicy(path);
}

/** The checked file when `checked` was made from this very text; else undefined. */
export function checkedFileFor(text: string, checked: unknown): PolicyFile | undefined {
  const c = checked as Partial<CheckedPolicy> | undefined;
  if (!c || typeof c.sha256 !== 'string' || typeof c.file !== 'object' || c.file === null) return undefined;
  return c.sha256 === sha256Of(text) ? c.file : undefined;
}
