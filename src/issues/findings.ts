// Findings as a bounded stream (issue 24): a run with a finding on every row of a large roster,
// over many months, holds hundreds of thousands of them. They are counted by severity as they
// come, the first ones stay in memory, the rest go to a temporary file as roster rows do
// (src/spool.ts), and every output reads them back in order. Sorting (errors first, then by row)
// is done a chunk at a time in memory, the sorted chunks merged from disk.
import { Spool, spoolInMemory, AS_IS } from '../spool.js';
import { severityOf, sortIssues, type Issue, type Severity } from './catalogue.js';

/** What a report needs of its findings: counts by severity, and the findings in order, as often as asked. */
export interface FindingList extends Iterable<Issue> {
  readonly counts: Readonly<Record<Severity, number>>;
}

/**
 * Findings kept in memory by all stores together: five for each roster row kept in memory
 * (100,000, some 30 MB), so a district's run, up to the rows that stay in memory, never touches
 * disk for its findings either. One budget for the run, not one per store: a range has a store
 * a month. The spool's setting (GOV_CLERK_SPOOL_ROWS, 0 = all on disk) sets it too.
 */
export function findingsInMemory(): number {
  return 5 * spoolInMemory();
}
let heldInMemory = 0;

/** What a store holds that outlives it unless given back: its share of the budget, its file. */
interface Held {
  inMemory: number;
  disk?: Spool<Issue>;
}
// A store nobody closed (a month's findings, read until the run ends) gives both back when it is
// collected: a process that pays many rosters in turn (policy test cases, tests) keeps its budget.
const reclaim = new FinalizationRegistry<Held>(release);
function release(h: Held): void {
  heldInMemory -= h.inMemory;
  h.inMemory = 0;
  h.disk?.close();
  delete h.disk;
}

/** Findings sorted at a time in memory; the sorted chunks are merged from disk. */
const SORT_CHUNK = 50_000;
/**
 * A store's file is written and read in small pieces: sixty months' stores are written side by
 * side while the roster is read, and read side by side when a range's months are merged.
 */
const STORE_IO_BYTES = 1 << 16;
/**
 * Findings past the budget held before a store opens a file: a store of a few findings (a month
 * of a small roster, once the budget went to the months before it) opens none.
 */
const BEFORE_FILE = 256;

export class Findings implements FindingList, Disposable {
  readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  /** The first ones, while the run's budget lasts… */
  private memory: Issue[] = [];
  /** …then a few more, until there are enough for a file… */
  private overflow: Issue[] = [];
  /** …then the rest, in order, on disk (held.disk). */
  private readonly held: Held = { inMemory: 0 };
  private closed = false;

  /** `budget`: how many findings all stores together keep in memory (0: this one keeps none). */
  constructor(private readonly budget = findingsInMemory()) {
    reclaim.register(this, this.held, this.held);
  }

  static of(issues: Iterable<Issue>): Findings {
    const f = new Findings();
    f.pushAll(issues);
    return f;
  }

  push(issue: Issue): void {
    if (this.closed) throw new Error('findings closed');
    this.counts[severityOf(issue)] += 1;
    if (!this.held.disk) {
      if (this.overflow.length === 0 && heldInMemory < this.budget) {
        this.memory.push(issue);
        this.held.inMemory += 1;
        heldInMemory += 1;
        return;
      }
      if (this.overflow.length < BEFORE_FILE) {
        this.overflow.push(issue);
        return;
      }
      this.held.disk = new Spool<Issue>(0, AS_IS, undefined, STORE_IO_BYTES, STORE_IO_BYTES);
      for (const i of this.overflow) this.held.disk.push(i);
      this.overflow = [];
    }
    this.held.disk.push(issue);
  }

  /** Every finding of `issues`, one at a time (never push(...spread): a long list overflows the stack). */
  pushAll(issues: Iterable<Issue>): void {
    for (const i of issues) this.push(i);
  }

  get length(): number {
    return this.memory.length + this.overflow.length + (this.held.disk?.length ?? 0);
  }

  /** True once some of them are on disk (tests ask). */
  get onDisk(): boolean {
    return this.held.disk !== undefined;
  }

  /** In the order pushed. */
  *[Symbol.iterator](): Iterator<Issue> {
    if (this.closed) throw new Error('findings closed');
    yield* this.memory;
    yield* this.overflow;
    if (this.held.disk) yield* this.held.disk;
  }

  /** Gives back its share of the memory budget and removes its file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    reclaim.unregister(this.held);
    release(this.held);
    this.memory = [];
    this.overflow = [];
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** sortIssues' order: errors, warnings, notes; by row within each (no row counts as 0). */
export function compareIssues(a: Issue, b: Issue): number {
  return RANK[severityOf(a)] - RANK[severityOf(b)] || (a.row ?? 0) - (b.row ?? 0);
}

/**
 * `issues` in sortIssues' order (stable: equal keys keep the order found), however many: sorted
 * in chunks of `chunk` in memory, each chunk written to disk, the chunks merged. The result is
 * a new store; `issues` is read once.
 */
export function sortedFindings(issues: Iterable<Issue>, chunk = SORT_CHUNK): Findings {
  const out = new Findings();
  const runs: Findings[] = [];
  let buffer: Issue[] = [];
  try {
    for (const issue of issues) {
      buffer.push(issue);
      if (buffer.length < chunk) continue;
      const run = new Findings(0);
      runs.push(run);
      run.pushAll(sortIssues(buffer));
      buffer = [];
    }
    if (runs.length === 0) {
      out.pushAll(sortIssues(buffer));
      return out;
    }
    if (buffer.length) runs.push(Findings.of(sortIssues(buffer)));
    buffer = [];
    for (const { item } of mergeSorted(runs, compareIssues)) out.push(item);
    return out;
  } catch (e) {
    out.close();
    throw e;
  } finally {
    for (const r of runs) r.close();
  }
}

/**
 * Sorted streams merged into one sorted stream; of equal items, the earlier stream's come
 * first (and within a stream, its order): a stable merge. Each item says which stream it came from.
 */
export function* mergeSorted<T>(streams: ReadonlyArray<Iterable<T>>, compare: (a: T, b: T) => number): Generator<{ item: T; stream: number }> {
  type Head = { item: T; stream: number; it: Iterator<T> };
  const before = (a: Head, b: Head) => {
    const c = compare(a.item, b.item);
    return c < 0 || (c === 0 && a.stream < b.stream);
  };
  // A binary heap of the streams' current heads: a range has a stream per month.
  const heap: Head[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const its = streams.map((s) => s[Symbol.iterator]());
  try {
    its.forEach((it, stream) => {
      const n = it.next();
      if (!n.done) {
        heap.push({ item: n.value, stream, it });
        up(heap.length - 1);
      }
    });
    while (heap.length) {
      const top = heap[0]!;
      yield { item: top.item, stream: top.stream };
      const n = top.it.next();
      if (n.done) {
        const last = heap.pop()!;
        if (heap.length) {
          heap[0] = last;
          down(0);
        }
      } else {
        top.item = n.value;
        down(0);
      }
    }
  } finally {
    for (const it of its) it.return?.();
  }
}

/** Findings of several lists, one after the other (a table's header findings before a month's). */
export function concatFindings(...lists: ReadonlyArray<Iterable<Issue>>): FindingList {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const l of lists) {
    if (isFindingList(l)) for (const s of ['error', 'warning', 'info'] as const) counts[s] += l.counts[s];
    else for (const i of l) counts[severityOf(i)] += 1;
  }
  return {
    counts,
    *[Symbol.iterator]() {
      for (const l of lists) yield* l;
    },
  };
}

function isFindingList(l: Iterable<Issue>): l is FindingList {
  return typeof (l as Partial<FindingList>).counts === 'object';
}

/** The findings of `list` that `keep` keeps, lazily (read again on each pass). */
export function filterFindings(list: Iterable<Issue>, keep: (i: Issue) => boolean): Iterable<Issue> {
  return {
    *[Symbol.iterator]() {
      for (const i of list) if (keep(i)) yield i;
    },
  };
}
