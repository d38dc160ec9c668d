// Where a run reads two inputs (annual and check-staffing with --roster), each finding on a row
// names its file, and the person's 姓名 where the input gives it (issue 21.8).
import type { Issue } from '../issues/catalogue.js';

/** `issues` of one input: those on a row get `file` (unless they name one) and the 姓名 `nameOf` finds. */
export function fromInput(issues: readonly Issue[], file: string | undefined, nameOf: (issue: Issue) => string | undefined = () => undefined): Issue[] {
  return issues.map((i) => {
    if (i.row === undefined) return i;
    const name = i.name ?? nameOf(i);
    return { ...i, ...(i.file === undefined && file !== undefined ? { file } : {}), ...(name !== undefined ? { name } : {}) };
  });
}

/** 姓名 by roster row, for the rows some finding is on (one pass over the roster, which may be on disk). */
export function namesByRow(entries: Iterable<{ row: number; name?: string }>, issues: readonly Issue[]): (issue: Issue) => string | undefined {
  const wanted = new Set(issues.flatMap((i) => (i.row !== undefined ? [i.row] : [])));
  const names = new Map<number, string>();
  if (wanted.size > 0) for (const e of entries) if (e.name !== undefined && wanted.has(e.row)) names.set(e.row, e.name);
  return (i) => (i.row !== undefined ? names.get(i.row) : undefined);
}
