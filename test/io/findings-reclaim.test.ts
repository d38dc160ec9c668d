// A findings store nobody closed (a month's findings live until the run ends) gives back its
// share of the in-memory budget, and its file, once it is collected: a process that pays many
// rosters in turn (policy test cases) keeps findings in memory and opens no file per store.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { makeIssue, type Issue } from '../../src/issues/catalogue.js';
import { Findings } from '../../src/issues/findings.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const issue = (row: number) => makeIssue('PLACEHOLDER_VALUE', { row }, { column: '身份证号', value: '无' }) as Issue;

it('a store that was never closed gives back its budget when collected', async () => {
  (() => {
    const forgotten = new Findings(1000);
    for (let r = 1; r <= 1000; r++) forgotten.push(issue(r)); // the whole budget, never closed
  })();
  const full = new Findings(1000);
  for (let r = 1; r <= 300; r++) full.push(issue(r));
  expect(full.onDisk).toBe(true); // nothing left in memory for it
  full.close();
  let next = new Findings(1000);
  for (let attempt = 0; attempt < 20; attempt++) {
    gc();
    await new Promise((r) => setImmediate(r));
    next = new Findings(1000);
    for (let r = 1; r <= 300; r++) next.push(issue(r));
    if (!next.onDisk) break;
    next.close();
  }
  expect(next.onDisk).toBe(false);
  expect([...next]).toEqual(Array.from({ length: 300 }, (_, i) => issue(i + 1)));
  next.close();
});
