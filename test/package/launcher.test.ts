// The Windows zip's launchers (issue 22.3): each .cmd runs scripts/windows/launcher.cjs with the
// task and the dropped files; the launcher asks, runs gov-clerk, opens the result and says in
// one sentence what happened. Here it runs on this machine's Node with the built CLI, typed
// answers on stdin and a recorder in place of explorer.exe (GOV_CLERK_OPEN); under wine, with
// the real .cmd files and node.exe, scripts/wine-check.sh runs it again.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const LAUNCHER = `${ROOT}scripts/windows/launcher.cjs`;
const { parseMonth } = createRequire(import.meta.url)(LAUNCHER) as { parseMonth: (t: string) => string | undefined };
const tmp = tempDir();
let n = 0;

/** A folder as offices name them: spaces, parentheses, Chinese. */
function folder(): string {
  const dir = tmp(`资料 (2025) 第${++n}批`);
  mkdirSync(dir);
  return dir;
}

/** Runs a launcher as its .cmd does; `typed`: what the clerk types, one answer a line. */
function launch(dir: string, task: string, dropped: string[], typed: string[]) {
  const opened = join(dir, 'opened.txt');
  const recorder = join(dir, 'open.cjs');
  writeFileSync(recorder, `require('fs').appendFileSync(${JSON.stringify(opened)}, process.argv[2] + '\\n');`);
  const r = spawnSync(process.execPath, [LAUNCHER, task, ...dropped], {
    cwd: dir,
    input: typed.map((t) => `${t}\r\n`).join(''),
    encoding: 'utf8',
    env: { ...process.env, GOV_CLERK_CLI: `${ROOT}bin/gov-clerk.cjs`, GOV_CLERK_OPEN: JSON.stringify([process.execPath, recorder]) },
    timeout: 120_000,
  });
  const out = r.stdout + r.stderr;
  return { code: r.status, out, opened: existsSync(opened) ? readFileSync(opened, 'utf8').split('\n').filter(Boolean) : [] };
}

/** Every cell's text in a workbook. */
async function texts(file: string): Promise<string> {
  const wb = await readBack(file);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => out.push(JSON.stringify(row.values))));
  return out.join('\n');
}

describe('the month a clerk types', () => {
  it.each([
    ['2025-06', '2025-06'],
    ['2025-6', '2025-06'],
    ['2025/6', '2025-06'],
    ['2025.06', '2025-06'],
    ['2025年6月', '2025-06'],
    ['2025年06月', '2025-06'],
    ['2025年6', '2025-06'],
    ['202506', '2025-06'],
    ['２０２５年６月', '2025-06'],
    [' 2025 年 6 月 ', '2025-06'],
  ])('%s → %s', (typed, month) => expect(parseMonth(typed)).toBe(month));
  it.each(['2025年13月', '2025-00', '6月', '2025', '20256', '2025-06-01', 'abc', '1999-12'])('%s is asked again', (typed) => expect(parseMonth(typed)).toBeUndefined());
});

describe('发放表 (payroll)', () => {
  it('several dropped rosters: one month asked (a bad entry asked again), each paid beside its roster and opened', async () => {
    const dir = folder();
    const a = join(dir, '花名册 一.xlsx');
    const b = join(dir, '花名册(二).xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, a);
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, b);
    const r = launch(dir, 'payroll', [a, b], ['2025年13月', '2025年6月']);
    expect(r.out).toContain('没看懂“2025年13月”');
    const outs = [join(dir, '花名册 一.payroll-2025-06.xlsx'), join(dir, '花名册(二).payroll-2025-06.xlsx')];
    expect(r.opened).toEqual(outs);
    for (const f of outs) expect(await texts(f)).toContain('2025年6月');
    // The fixture has errors on purpose: the clerk is sent to 数据问题, with no exit code.
    expect(r.out).toMatch(/「数据问题」表/);
    expect(r.out).not.toMatch(/退出码|exit/i);
    expect(r.code).toBe(1);
  });

  it('double-clicked: asks for the roster until one is dragged in (a missing file, an empty line), quoted as the console pastes it', () => {
    const dir = folder();
    const roster = join(dir, '花名册.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'payroll', [], ['', `"${join(dir, '没有这个.xlsx')}"`, `"${roster}"`, '202506']);
    expect(r.out).toContain('还没有收到文件');
    expect(r.out).toContain('找不到');
    expect(r.opened).toEqual([join(dir, '花名册.payroll-2025-06.xlsx')]);
  });

  it('input ends before an answer (the window closed): stops with a sentence, writes nothing', () => {
    const dir = folder();
    const roster = join(dir, '花名册.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'payroll', [roster], []);
    expect(r.out).toContain('没有收到输入，已停止');
    expect(r.code).toBe(2);
    expect(r.opened).toEqual([]);
  });

  it('a file gov-clerk cannot read: one sentence pointing at its error line, nothing opened', () => {
    const dir = folder();
    const bad = join(dir, '花名册.xlsx');
    writeFileSync(bad, 'not a workbook');
    const r = launch(dir, 'payroll', [bad], ['2025-06']);
    expect(r.out).toMatch(/错误：/);
    expect(r.out).toContain('没有完成：原因见上面“错误：”开头的那一句');
    expect(r.opened).toEqual([]);
    expect(r.code).toBe(2);
  });
});

describe('年度考核 (annual)', () => {
  it('several dropped files whose months say only 1月…: asks for the roster (finds 未报送) and then for the year', async () => {
    const dir = folder();
    const head = ['工号', '姓名', '所属中心'];
    const q1 = join(dir, '考核 一季度.csv');
    const q2 = join(dir, '考核(二季度).csv');
    writeFileSync(q1, `${[...head, '1月', '2月', '3月'].join(',')}\r\nE001,张伟,宿城区政务服务中心,好,一般,好\r\n`);
    writeFileSync(q2, `${[...head, '4月', '5月', '6月'].join(',')}\r\nE001,张伟,宿城区政务服务中心,一般,好,一般\r\n`);
    const roster = join(dir, '花名册 (2025).xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'annual', [q1, q2], [`"${join(dir, '没有.xlsx')}"`, `"${roster}"`, '去年', '2025年']);
    expect(r.out).toContain('找不到');
    expect(r.out).toContain('表中的月份没有写年份');
    expect(r.out).not.toContain('--year'); // the CLI's own sentence is for command-line users
    expect(r.out).toContain('读取 2 个文件');
    expect(r.opened).toHaveLength(1);
    const text = await texts(r.opened[0]!);
    expect(text).toContain('未报送'); // known only with the roster: centres that sent nothing
    expect(r.opened[0]).toContain('annual-2025');
  });
});

describe('年度考核 with the year in its headers', () => {
  it('asks no year and names it, without the option a clerk cannot give', () => {
    const dir = folder();
    const ratings = join(dir, '月度考核 2025.csv');
    copyFileSync(`${ROOT}fixtures/ratings-2025.csv`, ratings);
    const r = launch(dir, 'annual', [ratings], ['']);
    expect(r.out).not.toContain('哪一年');
    expect(r.out).toContain('表中只有 2025 年的数据，按 2025 年评定');
    expect(r.out).not.toContain('--year');
    expect(r.opened).toEqual([join(dir, '月度考核 2025.annual-2025.xlsx')]);
  });
});

describe('配备检查, 花名册检查, 预算, 模板', () => {
  it('配备检查: the roster prompt takes a path with parentheses and spaces', () => {
    const dir = folder();
    const centers = join(dir, '中心表 (最新).xlsx');
    copyFileSync(`${ROOT}fixtures/centers.xlsx`, centers);
    const roster = join(dir, '花名册 (2025).xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'check-staffing', [centers], [`"${roster}"`]);
    expect(r.out).toContain('办事员人数按花名册 花名册 (2025).xlsx 在岗人数');
    expect(r.opened).toHaveLength(1);
    expect(r.opened[0]).toMatch(/中心表 \(最新\)\.check-staffing-.*\.xlsx$/);
  });

  it('花名册检查: the dropped roster checked, the result opened', () => {
    const dir = folder();
    const roster = join(dir, '花名册.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'check-roster', [roster], []);
    expect(r.opened).toHaveLength(1);
    expect(r.opened[0]).toMatch(/花名册\.check-roster-.*\.xlsx$/);
  });

  it('预算: a bad year asked again, an empty line is next year', () => {
    const dir = folder();
    const roster = join(dir, '花名册.xlsx');
    copyFileSync(`${ROOT}fixtures/roster.xlsx`, roster);
    const r = launch(dir, 'budget', [roster], ['明年', '']);
    expect(r.out).toContain('没看懂“明年”');
    expect(r.opened).toEqual([join(dir, `花名册.budget-${new Date().getFullYear() + 1}.xlsx`)]);
  });

  it('模板: a number asked again until it is 1–3; a second template never replaces the first', async () => {
    const dir = folder();
    const first = launch(dir, 'template', [], ['4', '2']);
    expect(first.out).toContain('请只输入 1、2 或 3');
    expect(first.opened).toEqual([join(dir, '月度考核模板.xlsx')]);
    writeFileSync(join(dir, 'opened.txt'), '');
    const second = launch(dir, 'template', [], ['2']);
    expect(second.opened).toEqual([join(dir, '月度考核模板 (2).xlsx')]);
    expect((await readBack(join(dir, '月度考核模板.xlsx'))).worksheets[0]!.name).toBe('月度考核');
  });
});
