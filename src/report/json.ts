// JSON output written as it is produced: a payroll of a million clerks is not first built as
// one string. The text is exactly JSON.stringify(doc, null, 2); any iterable that is not an
// array (a lazy list of lines) is written as an array, one element at a time.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function writeJson(out: Writable, doc: Record<string, unknown>): Promise<void> {
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  await write('{');
  for (const [n, key] of keys.entries()) {
    await write(`${n ? ',' : ''}\n  ${JSON.stringify(key)}: `);
    const value = doc[key];
    if (!isLazyList(value)) {
      await write(indent(JSON.stringify(value, null, 2), '  '));
      continue;
    }
    let first = true;
    for (const item of value) {
      await write(`${first ? '[' : ','}\n    ${indent(JSON.stringify(item, null, 2), '    ')}`);
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
