// gov-clerk app, the server as a program (issue 23): what it prints, what it refuses, what it
// accepts and where the files go. The page in a real browser is test/app/browser.test.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { privateDirs, raw, startApp, type RunningApp } from './start.js';

const tmp = tempDir();
const MB = 1024 * 1024;

describe('gov-clerk app: the server', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => {
    app.child.kill('SIGTERM');
  });
  const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    raw(app, { method: 'POST', path: `/${app.token}/${path}`, headers: { Origin: app.origin, Host: `127.0.0.1:${app.port}`, ...headers }, body: Buffer.from(body) });

  it('prints the address with its token on stdout, on 127.0.0.1, and serves the page there with a strict policy', async () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
    expect(app.stderr()).toContain('Ctrl-C');
    const page = await fetch(app.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="page.js">');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';.*connect-src 'self'/);
    const script = await fetch(`${app.url}page.js`);
    expect(script.status).toBe(200);
    // Everything the page runs is here: no address of another host in its code.
    expect((await script.text()).match(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}/gi) ?? []).toEqual([]);
  });

  it('refuses a request without the token, with a wrong one, from another Host or Origin, and a POST without Origin', async () => {
    const host = { Host: `127.0.0.1:${app.port}` };
    expect(await raw(app, { path: '/', headers: host })).toMatchObject({ status: 403, text: expect.stringContaining('口令') });
    expect((await raw(app, { path: '/api/state', headers: host })).status).toBe(403);
    const wrong = app.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await raw(app, { path: `/${wrong}/api/state`, headers: host })).status).toBe(403);
    expect(await raw(app, { path: `/${app.token}/api/state`, headers: { Host: `attacker.example:${app.port}` } })).toMatchObject({ status: 421, text: expect.stringContaining('主机名') });
    expect((await raw(app, { path: `/${app.token}/api/state`, headers: { ...host, Origin: 'http://attacker.example' } })).status).toBe(403);
    expect((await raw(app, { method: 'POST', path: `/${app.token}/api/stop`, headers: host })).status).toBe(403);
    expect((await raw(app, { method: 'POST', path: `/${app.token}/api/stop`, headers: { ...host, Origin: 'http://attacker.example' } })).status).toBe(403);
    expect((await raw(app, { method: 'POST', path: `/${app.token}/api/stop`, headers: { ...host, Origin: app.origin, 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    // …and with all of it right, the same request is answered.
    expect((await raw(app, { path: `/${app.token}/api/state`, headers: host })).status).toBe(200);
  });

  it('bounds an upload: a file over 50 MB is refused with one sentence and nothing is kept', async () => {
    const chunk = Buffer.alloc(MB);
    const over = await raw(app, {
      method: 'POST',
      path: `/${app.token}/api/upload?slot=roster&name=${encodeURIComponent('大表.xlsx')}`,
      headers: { Origin: app.origin, Host: `127.0.0.1:${app.port}`, 'Transfer-Encoding': 'chunked' },
      body: Array.from({ length: 51 }, () => chunk),
    });
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text).error).toBe('文件“大表.xlsx”超过 50 MB，未上传。请检查是否选错了文件；确实这么大的表请用命令行处理。');
    const declared = await post(`api/upload?slot=roster&name=x.xlsx`, 'x', { 'Content-Length': String(300 * MB) }).catch(() => ({ status: 0, text: '' }));
    expect(declared.status === 0 || declared.status === 400).toBe(true);
    const state = JSON.parse((await raw(app, { path: `/${app.token}/api/state`, headers: { Host: `127.0.0.1:${app.port}` } })).text);
    expect(state.files.roster).toEqual([]);
  });

  it('bounds the number of files', async () => {
    for (let i = 0; i < 300; i++) expect((await post(`api/upload?slot=history&name=h${i}.xlsx`, 'x')).status).toBe(200);
    const more = await post('api/upload?slot=history&name=h300.xlsx', 'x');
    expect(more.status).toBe(400);
    expect(JSON.parse(more.text).error).toContain('最多上传 300 个文件');
    expect((await post('api/clear', JSON.stringify({ slot: 'history' }))).status).toBe(200);
  }, 120_000);

  it('keeps uploads in a private folder (0700) under their own names, without any folder the name carried', async () => {
    const up = await post(`api/upload?slot=roster&name=${encodeURIComponent('../../花名册.xlsx')}`, readFileSync(`${ROOT}fixtures/roster.xlsx`));
    expect(up.status).toBe(200);
    const [dir] = privateDirs(app);
    expect(statSync(join(app.tmp, dir!)).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(app.tmp, dir!, 'uploads', 'roster'))).toEqual(['花名册.xlsx']);
  });

  it('runs the CLI’s own payroll: the JSON it offers is the one `gov-clerk payroll -o x.json` writes, and the page gets it with each clerk cut to where they are', async () => {
    const res = await post('api/run', JSON.stringify({ command: 'payroll', month: '2025-06', showIds: true }));
    expect(res.status).toBe(200);
    const got = JSON.parse(res.text) as { id: string; code: number; files: Record<string, string>; result: Record<string, unknown> };
    const out = tmp('cli.json');
    const r = cli(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-q', '-o', out]);
    expect(got.code).toBe(r.code);
    expect(got.files.xlsx).toBe('花名册.payroll-2025-06.xlsx');
    const theirs = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    // Where the input was read from is the one difference: here, the private folder.
    const named = (j: Record<string, unknown>) => ({ ...j, inputs: (j.inputs as Array<{ path: string }>).map((i) => ({ ...i, path: i.path.split('/').pop() })) });
    const download = await raw(app, { path: `/${app.token}/download/${got.id}.json`, headers: { Host: `127.0.0.1:${app.port}` } });
    expect(named(JSON.parse(download.text))).toEqual({ ...named(theirs), inputs: [{ ...(theirs.inputs as object[])[0], path: '花名册.xlsx' }] });
    const who = (people: unknown) => (people as Array<{ row: number; staffId?: string; center?: string }>).map(({ row, staffId, center }) => ({ row, staffId, center }));
    expect(named(got.result)).toEqual({ ...named(JSON.parse(download.text)), clerks: who(theirs.clerks), excluded: who(theirs.excluded) });
    expect(who(theirs.clerks)).toHaveLength(50);
  });

  it('masks ID numbers on screen unless asked', async () => {
    const masked = JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30' }))).text);
    expect(JSON.stringify(masked.result)).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(masked.sheets)).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(masked.result)).toMatch(/\d{6}\*{8}\d{3}[\dX]/);
    const shown = JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30', showIds: true }))).text);
    expect(JSON.stringify(shown.result)).toMatch(/\d{17}[\dX]/);
  });

  it('--sheet, --header-row and --policy as the command line takes them', async () => {
    const given = JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30', sheet: '花名册', headerRow: '3' }))).text);
    expect(given.result.inputs[0]).toMatchObject({ sheet: '花名册', headerRow: 3 });
    const wrong = await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30', sheet: '没有这张表' }));
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text).error).toContain('没有这张表');
    expect(JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', headerRow: '0' }))).text).error).toBe('表头行应为正整数（从 1 开始的行号），实际为“0”。');
    // A policy file of the town's: the run reads it in full, as --policy does.
    const mine = readFileSync(`${ROOT}policy/sucheng-2024-26.yaml`, 'utf8').replace(/^(\s*title:.*)$/m, '$1（本地）');
    expect((await post(`api/upload?slot=policy&name=${encodeURIComponent('本地政策.yaml')}`, mine)).status).toBe(200);
    const local = JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30', withPolicy: true }))).text);
    const builtin = JSON.parse((await post('api/run', JSON.stringify({ command: 'check-roster', asOf: '2025-06-30' }))).text);
    expect(local.result.policy.sha256).not.toBe(builtin.result.policy.sha256);
    expect(local.sheets.find((s: { name: string }) => s.name === '政策参数').rows.find((r: unknown[]) => r[0] === '政策文件')[1]).toContain('本地政策.yaml');
  });

  it('a bad value is one Chinese sentence from the CLI’s own check', async () => {
    const res = await post('api/run', JSON.stringify({ command: 'payroll', month: '2025-13' }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/^--month 的值“2025-13”不是月份/);
  });

  it('stops when the page says so, and removes its private folder', async () => {
    expect(privateDirs(app)).toHaveLength(1);
    expect((await post('api/stop', '{}')).status).toBe(200);
    expect(await app.exited).toBe(0);
    expect(privateDirs(app)).toEqual([]);
  });
});

describe('gov-clerk app: stopping and ports', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s removes the private folder with the uploads', async (signal) => {
    const app = await startApp();
    const up = await raw(app, { method: 'POST', path: `/${app.token}/api/upload?slot=roster&name=r.xlsx`, headers: { Origin: app.origin }, body: readFileSync(`${ROOT}fixtures/roster.xlsx`) });
    expect(up.status).toBe(200);
    expect(privateDirs(app)).toHaveLength(1);
    app.child.kill(signal);
    expect(await app.exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(privateDirs(app)).toEqual([]);
  });

  it('without --no-open, opens the system’s browser at the address (xdg-open here), and runs on if there is none', async () => {
    const bin = tmp('bin');
    const { mkdirSync, writeFileSync: write, existsSync } = await import('node:fs');
    mkdirSync(bin, { recursive: true });
    const opened = tmp('opened.txt');
    write(join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > ${opened}\n`, { mode: 0o755 });
    const app = await startApp([], { PATH: `${bin}:${process.env.PATH}` });
    await expect.poll(() => existsSync(opened) && readFileSync(opened, 'utf8')).toBe(`${app.url}\n`);
    app.child.kill('SIGTERM');
    await app.exited;
    const none = await startApp([], { PATH: tmp('empty') });
    expect((await fetch(none.url)).status).toBe(200);
    none.child.kill('SIGTERM');
    await none.exited;
  });

  it('--port N is used; a port in use is one sentence and exit 2', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const r = cli(['app', '--no-open', '--port', String(port)]);
    busy.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`错误：端口 ${port} 已被占用，请换一个端口（--port），或不指定端口由系统分配。\n`);
    const app = await startApp(['--no-open', '--port', String(port)]);
    expect(app.port).toBe(port);
    app.child.kill('SIGTERM');
    await app.exited;
  });
});
