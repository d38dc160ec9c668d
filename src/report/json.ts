// JSON output written as it is produced: a payroll of a million clerks is not first built as
// one string. The text is exactly JSON.stringify(doc, null, 2); any iterable that is not an
// array (a lazy list of lines) is written as an array, one element at a time.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { maskIdsIn } from '../schema/id-number.js';

/** `maskIds`: every string that holds an ID number is masked (--mask-id). */
export async function writeJson(out: Writable, doc: Record<string, unknown>, maskIds = false): Promise<void> {
  const replacer = maskIds ? (_key: string, v: unknown) => (typeof v === 'string' ? maskIdsIn(v) : v) : undefined;
  const stringify = (v: unknown) => JSON.stringify(v, replacer, 2);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  await write('{');
  for (const [n, key] of keys.entries()) {
    await write(`${n ? ',' : ''}\n  ${JSON.stringify(key)}: `);
    const value = doc[key];
    if (!isLazyList(value)) {
      await write(indent(stringify(value), '  '));
      continue;
    }
    let first = true;
    for (const item of value) {
      await write(`${first ? '[' : ','}\n    ${indent(stringify(item), '    ')}`);
      first = false;
    }
    await write(first ? '[]' : '\n  ]');
  }
  await write(keys.length ? '\n}\n' : '}\n');
}

function isLazyList(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

const indent = (text: string, pad: string) => text.replaceAll('\n', `\n${pad}`);
