// gov-clerk app in a real browser (issue 23): Debian's Chromium driven by playwright-core. The
// fixtures are uploaded through the page, each command is run from its pickers, the downloaded
// workbook is compared cell by cell with the CLI's, each chart must have drawn, the problems
// table must filter, and the refusals hold. A screenshot of each view is saved for review in
// test/app/screenshots/ (not committed). The page may reach nothing but its own server.
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';
import { startApp, type RunningApp } from './start.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test', 'app', 'screenshots');
const tmp = tempDir();

// Skipped only outside CI on a machine without Chromium; .ci/run installs it, and there it must run.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('gov-clerk app in Chromium', () => {
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const elsewhere: string[] = [];
  let profile: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startApp();
    profile = mkdtempSync(join(tmpdir(), 'gov-clerk-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Any script error or refused resource (the Content-Security-Policy) fails the test at the end.
    // (The one 400 is the oversize upload the test sends on purpose.)
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => !r.url().startsWith(app.origin) && elsewhere.push(r.url()));
    await page.goto(app.url);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    app?.child.kill('SIGTERM');
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Runs the command of `tab` with the pickers set by `set`, and waits for its result. */
  async function run(tab: string, set: (form: ReturnType<Page['locator']>) => Promise<unknown>, expected: RegExp) {
    await page.click(`#command-tabs button[data-command="${tab}"]`);
    const form = page.locator(`form.command[data-command="${tab}"]`);
    await set(form);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(expected);
  }

  /** Downloads the result in `format` through its link; the saved file's path. */
  async function download(format: 'xlsx' | 'csv' | 'json', name: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#downloads a[data-format="${format}"]`)]);
    const path = tmp(name);
    await d.saveAs(path);
    return path;
  }

  /** Every sheet's cell values, the run's timestamp aside (its own row, and in subtitles). */
  async function values(path: string): Promise<Record<string, unknown[][]>> {
    const wb = await readBack(path);
    const out: Record<string, unknown[][]> = {};
    wb.eachSheet((ws) => {
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: true }, (row) => {
        const cells = (row.values as unknown[]).slice(1).map((c) => (typeof c === 'string' ? c.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+8\)/g, '（时间）') : c));
        rows.push(cells[0] === '生成时间' ? ['生成时间'] : cells);
      });
      out[ws.name] = rows;
    });
    return out;
  }

  async function sameWorkbookAsCli(format: 'xlsx', args: string[], name: string) {
    const mine = await download(format, `page-${name}.xlsx`);
    const theirs = tmp(`cli-${name}.xlsx`);
    const r = cli([...args, '-q', '-o', theirs]);
    expect(r.code).toBeLessThan(2);
    const a = await values(mine);
    expect(Object.keys(a).length).toBeGreaterThan(1);
    expect(a).toEqual(await values(theirs));
  }

  /** A chart drew something: an SVG with shapes in it. */
  async function drawn(id: string): Promise<number> {
    return page.locator(`[data-chart="${id}"] svg path`).count();
  }

  async function shot(name: string) {
    await page.evaluate("document.querySelector('#message').hidden = true");
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    // The README's picture (docs/app.jpg is a copy of it, made by hand when the page changes).
    if (name === 'payroll-charts') await page.screenshot({ path: join(SHOTS, 'readme.jpg'), type: 'jpeg', quality: 70 });
  }

  it('uploads the roster, the ratings and the centres table', async () => {
    expect(await page.title()).toContain('gov-clerk');
    await page.locator('.slot[data-slot=roster] input[type=file]').setInputFiles(`${ROOT}fixtures/roster.xlsx`);
    await expect.poll(() => page.locator('.slot[data-slot=roster] li').first().textContent()).toContain('roster.xlsx');
    await page.locator('.slot[data-slot=ratings] input[type=file]').first().setInputFiles(`${ROOT}fixtures/ratings-2025.csv`);
    await page.locator('.slot[data-slot=centers] input[type=file]').setInputFiles(`${ROOT}fixtures/centers.xlsx`);
    await expect.poll(() => page.locator('.slot[data-slot=centers] li').first().textContent()).toContain('centers.xlsx');
    await expect.poll(() => page.locator('.slot[data-slot=ratings] li').first().textContent()).toContain('ratings-2025.csv');
  }, 60_000);

  it('payroll for a month: the downloaded workbook is the CLI’s; centre and funding charts; problems filter', async () => {
    await run('payroll', (f) => f.locator('input[name=month]').fill('2025-06'), /补贴发放 2025-06/);
    expect(await drawn('centre')).toBeGreaterThan(0);
    expect(await drawn('funding')).toBeGreaterThan(0);
    await shot('payroll-charts');
    await sameWorkbookAsCli('xlsx', ['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06'], 'payroll');
    const csv = await download('csv', 'page-payroll.csv');
    const cliCsv = tmp('cli-payroll.csv');
    cli(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', cliCsv]);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(cliCsv, 'utf8'));

    await page.click('#view-tabs button[data-view=sheets]');
    await page.click('#sheet-tabs button:text-is("汇总")');
    expect(await page.locator('#sheet td').filter({ hasText: '按资金渠道' }).count()).toBeGreaterThan(0);
    await shot('payroll-sheets');

    await page.click('#view-tabs button[data-view=issues]');
    expect(await page.locator('#charts').isVisible()).toBe(false); // one view at a time
    const rows = page.locator('#issues tbody tr');
    const all = await rows.count();
    expect(all).toBeGreaterThan(3);
    await page.selectOption('#f-severity', 'error');
    const errors = await rows.count();
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(all);
    expect(new Set(await page.locator('#issues tbody tr td:first-child').allTextContents())).toEqual(new Set(['错误']));
    await page.selectOption('#f-code', 'ID_INVALID');
    expect(new Set(await page.locator('#issues tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['ID_INVALID']));
    // Each finding says where and how to fix it; IDs masked on screen.
    const first = await rows.first().locator('td').allTextContents();
    expect(first[2]).toBe('roster.xlsx');
    expect(first[3]).toMatch(/^\d+$/);
    expect(first[4]).toBe('身份证号');
    expect(first[7]).toContain('核对身份证号');
    expect(first[6]).toMatch(/\d{6}\*{8}\d{4}/);
    await page.selectOption('#f-code', '');
    await page.selectOption('#f-severity', '');
    const centres = (await page.locator('#f-center option').allTextContents()).filter((c) => c !== '全部');
    expect(centres.length).toBeGreaterThan(1);
    await page.selectOption('#f-center', centres[0]!);
    const inCentre = await rows.count();
    expect(inCentre).toBeGreaterThan(0);
    expect(inCentre).toBeLessThan(all);
    expect(new Set(await page.locator('#issues tbody tr td:nth-child(6)').allTextContents())).toEqual(new Set([centres[0]]));
    await page.selectOption('#f-center', '');
    await shot('payroll-issues');
  }, 120_000);

  it('payroll over a range of months: month-by-month totals', async () => {
    await run(
      'payroll',
      async (f) => {
        await f.locator('input[value=range]').check();
        await f.locator('input[name=from]').fill('2025-01');
        await f.locator('input[name=to]').fill('2025-06');
      },
      /补贴发放 2025-01\.\.2025-06/,
    );
    expect(await drawn('months')).toBeGreaterThan(0);
    await shot('payroll-range');
    await sameWorkbookAsCli('xlsx', ['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-01..2025-06'], 'range');
  }, 120_000);

  it('budget: each month by funding body', async () => {
    await run('budget', (f) => f.locator('select[name=year]').selectOption('2026'), /预算 2026/);
    expect(await drawn('months')).toBeGreaterThan(0);
    await shot('budget');
    await sameWorkbookAsCli('xlsx', ['budget', `${ROOT}fixtures/roster.xlsx`, '--year', '2026'], 'budget');
  }, 120_000);

  it('annual with the roster: grade distribution, the 20% quota as a heat map, 报送情况 as a grid', async () => {
    await run('annual', (f) => f.locator('select[name=year]').selectOption('2025'), /年度考核 2025/);
    expect(await drawn('grades')).toBeGreaterThan(0);
    expect(await drawn('quota')).toBeGreaterThan(0);
    expect(await drawn('filings')).toBeGreaterThan(0);
    await shot('annual');
    await sameWorkbookAsCli('xlsx', ['annual', `${ROOT}fixtures/ratings-2025.csv`, '--year', '2025', '--roster', `${ROOT}fixtures/roster.xlsx`], 'annual');
  }, 120_000);

  it('both checks', async () => {
    await run('check-staffing', (f) => f.locator('input[name=asOf]').fill('2025-06-30'), /配备检查 2025-06-30/);
    await sameWorkbookAsCli('xlsx', ['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', `${ROOT}fixtures/roster.xlsx`, '--as-of', '2025-06-30'], 'staffing');
    await page.click('#view-tabs button[data-view=issues]');
    await shot('check-staffing');
    await run('check-roster', (f) => f.locator('input[name=asOf]').fill('2025-06-30'), /花名册检查 2025-06-30/);
    await sameWorkbookAsCli('xlsx', ['check-roster', `${ROOT}fixtures/roster.xlsx`, '--as-of', '2025-06-30'], 'roster');
  }, 120_000);

  it('refuses an upload over the bound, in the page and at the server', async () => {
    const big = tmp('大表.xlsx');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024 + 1);
    await page.locator('.slot[data-slot=roster] input[type=file]').setInputFiles(big);
    await expect.poll(() => page.locator('#message').textContent()).toBe('文件“大表.xlsx”超过 50 MB，未上传。请检查是否选错了文件；确实这么大的表请用命令行处理。');
    // The server holds the bound itself, whatever the page does.
    const status = await page.evaluate(async () => {
      const r = await fetch('api/upload?slot=roster&name=x.xlsx', { method: 'POST', body: new Uint8Array(50 * 1024 * 1024 + 1) });
      return [r.status, (await r.json()).error];
    });
    expect(status).toEqual([400, '文件“x.xlsx”超过 50 MB，未上传。请检查是否选错了文件；确实这么大的表请用命令行处理。']);
    await expect.poll(() => page.locator('.slot[data-slot=roster] li').first().textContent()).toContain('roster.xlsx');
  }, 120_000);

  it('refuses another site, another Host and a request without the token, from the browser itself', async () => {
    // Another origin (the same server under its other name is another site to the browser).
    const other = await context.newPage();
    await other.goto(`http://localhost:${app.port}/${app.token}/`);
    const cross = await other.evaluate(async (url) => {
      try {
        const r = await fetch(`${url}api/stop`, { method: 'POST', mode: 'no-cors', body: '{}' });
        return r.type;
      } catch (e) {
        return String(e);
      }
    }, app.url);
    // The browser sends it (no-cors needs no permission): the server refuses it; the response
    // is then withheld from the other site (Cross-Origin-Resource-Policy) or opaque.
    expect(['opaque', 'TypeError: Failed to fetch']).toContain(cross);
    await other.close();
    // …and the server is still there: the stop was refused.
    const alive = await page.evaluate(async () => (await fetch('api/state')).status);
    expect(alive).toBe(200);
    const noToken = await context.newPage();
    const res = await noToken.goto(`${app.origin}/`);
    expect(res?.status()).toBe(403);
    expect(await noToken.textContent('body')).toContain('口令');
    await noToken.close();
  }, 60_000);

  it('reached nothing but its own server, with no script error and nothing the policy refused', () => {
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('stops from the page and removes the uploads', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.click('#stop');
    expect(await app.exited).toBe(0);
    await expect.poll(() => page.locator('body').textContent()).toContain('已退出');
  }, 60_000);
});
