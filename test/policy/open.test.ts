// The built-in policy as the build checked it (dist/builtin-policy.json) stands in for checking
// its text on every run, and only for exactly that text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { loadPolicy } from '../../src/policy/load.js';
import { checkedFileFor, openPolicy } from '../../src/policy/open.js';

const builtin = loadPolicy();
const built = JSON.parse(readFileSync(`${ROOT}dist/builtin-policy.json`, 'utf8')) as unknown;

describe('the checked built-in policy', () => {
  it('the build wrote what the schema makes of the built-in text, with that text’s sha256', () => {
    expect(built).toEqual({ sha256: builtin.sha256, file: builtin.file });
  });

  it('is used for the text it was made from', () => {
    expect(checkedFileFor(builtin.text, built)).toEqual(builtin.file);
  });

  it.each<[string, (t: string) => string, unknown]>([
    ['a changed amount', (t) => t.replace('600', '650'), built],
    ['one more space', (t) => `${t} `, built],
  ])('is not used for another text (%s): that text is checked in full', (_, edit, checked) => {
    expect(checkedFileFor(edit(builtin.text), checked)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['none', undefined],
    ['no sha256', { file: builtin.file }],
    ['no file', { sha256: builtin.sha256 }],
    ['not an object', 'x'],
  ])('is not used when malformed (%s)', (_, checked) => {
    expect(checkedFileFor(builtin.text, checked)).toBeUndefined();
  });

  it('openPolicy gives the same policy as checking the text (run from src/, where there is no checked form)', async () => {
    const p = await openPolicy();
    expect({ file: p.file, sha256: p.sha256, source: p.source, builtin: p.builtin, text: p.text }).toEqual({
      file: builtin.file,
      sha256: builtin.sha256,
      source: builtin.source,
      builtin: true,
      text: builtin.text,
    });
  });
});
