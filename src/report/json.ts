// JSON output written as it is produced: a payroll of a million clerks is not first built as
// one string. The text is exactly JSON.stringify(doc, null, 2); any iterable that is not an
// array (a lazy list of lines) is written as an array, one element at a time, and so is an
// object or array that holds one at any depth (a range's months, each with its clerks).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { maskIdsIn } from '../schema/id-number.js';

/** `maskIds`: every string that holds an ID number is masked (--mask-id). */
export async function writeJson(out: Writable, doc: Record<string, unknown>, maskIds = false): Promise<void> {
  const replacer = maskIds ? (_key: string, v: unknown) => (typeof v === 'string' ? maskIdsIn(v) : v) : undefined;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  /** `value` at `pad` (the indentation of the line it starts on). */
  const writeValue = async (value: unknown, pad: string): Promise<void> => {
    const inner = `${pad}  `;
    if (isLazyList(value) || (Array.isArray(value) && value.some(holdsLazy))) {
      let first = true;
      for (const item of value as Iterable<unknown>) {
        await write(`${first ? '[' : ','}\n${inner}`);
        // As JSON.stringify writes them: an element it cannot write is null.
        await writeValue(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, inner);
        first = false;
      }
      await write(first ? '[]' : `\n${pad}]`);
    } else if (isPlainObject(value) && holdsLazy(value)) {
      const keys = Object.keys(value).filter((k) => writable(value[k]));
      if (keys.length === 0) return write('{}');
      for (const [n, key] of keys.entries()) {
        await write(`${n ? ',' : '{'}\n${inner}${JSON.stringify(key)}: `);
        await writeValue(value[key], inner);
      }
      await write(`\n${pad}}`);
    } else {
      await write(JSON.stringify(value, replacer, 2).replaceAll('\n', `\n${pad}`));
    }
  };
  // The document itself: its keys whose value is undefined are left out, as JSON.stringify does.
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  await write('{');
  for (const [n, key] of keys.entries()) {
    await write(`${n ? ',' : ''}\n  ${JSON.stringify(key)}: `);
    await writeValue(doc[key], '  ');
  }
  await write(keys.length ? '\n}\n' : '}\n');
}

function isLazyList(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Whether a lazy list is somewhere inside `v` (then it is written piece by piece). */
function holdsLazy(v: unknown): boolean {
  if (isLazyList(v)) return true;
  if (Array.isArray(v)) return v.some(holdsLazy);
  return isPlainObject(v) && Object.values(v).some(holdsLazy);
}

/** A property JSON.stringify writes (it leaves out undefined, functions and symbols). */
const writable = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
