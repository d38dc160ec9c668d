// gov-clerk app: the local page's server (issue 23). Safe by default (README 安全): loopback
// only; every path begins with a random token, without which nothing is served; the Host must be
// this server's own (DNS rebinding) and any Origin too (another site's page or form); a POST
// must carry our Origin; uploads are bounded; nothing leaves the machine (the page's scripts and
// styles are served from here, and the Content-Security-Policy lets it reach nothing else).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appAsset } from '../../assets.js';
import { UserError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { COMMANDS, Runs, type RunRequest } from './runs.js';
import { LIMITS, SLOTS, Uploads, type Slot } from './uploads.js';

export interface AppServer {
  /** The page's address, token included. */
  url: string;
  port: number;
  /** Resolves when the page asked the server to stop, or stop() was called. */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const PAGE_FILES: Record<string, string> = { '': 'index.html', 'page.js': 'page.js', 'page.css': 'page.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const DOWNLOAD_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * Starts the server on 127.0.0.1 (`port` 0: one the system picks). `tmp` is removed by stop();
 * the caller also removes it at exit (a Ctrl-C does not wait for stop()).
 */
export async function startApp(opts: { port: number; tmp?: string }): Promise<AppServer & { tmp: string }> {
  const tmp = opts.tmp ?? mkdtempSync(join(tmpdir(), 'gov-clerk-app-')); // mkdtemp makes it 0700
  const uploads = new Uploads(join(tmp, 'uploads'));
  const runs = new Runs(join(tmp, 'runs'), uploads);
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => reply(res, e instanceof UserError ? 400 : 500, { error: e instanceof UserError ? e.message : internal(e) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refused(req, port, token);
    if (refusal) return reply(res, refusal.status, { error: refusal.message });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname.slice(token.length + 2);
    if (url.pathname === `/${token}`) {
      res.writeHead(302, { ...SECURITY_HEADERS, Location: `/${token}/` });
      return void res.end();
    }
    if (req.method === 'GET' && path in PAGE_FILES) {
      const file = PAGE_FILES[path]!;
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES[file.split('.').pop()!]! });
      return void res.end(appAsset(file));
    }
    if (req.method === 'GET' && path === 'api/state') return reply(res, 200, { version: VERSION, files: uploads.list(), limits: LIMITS, slots: SLOTS });
    const download = /^download\/(r\d+)\.(xlsx|csv|json)$/.exec(path);
    if (req.method === 'GET' && download) {
      const f = runs.file(download[1]!, download[2]!);
      if (!f) return reply(res, 404, { error: '没有这个结果文件：可能已被更新的计算替换，请重新计算。' });
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': DOWNLOAD_TYPES[download[2]!]!,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      });
      createReadStream(f.path).pipe(res);
      return;
    }
    if (req.method !== 'POST') return reply(res, 404, { error: '没有这个页面。' });
    if (path === 'api/upload') {
      const slot = url.searchParams.get('slot') ?? '';
      if (!(slot in SLOTS)) return reply(res, 400, { error: '上传的位置不对：请刷新页面后重试。' });
      const got = await uploads.receive(slot as Slot, url.searchParams.get('name') ?? '', req);
      return reply(res, 200, { file: got, files: uploads.list() });
    }
    const body = await jsonBody(req);
    if (path === 'api/clear') {
      const slot = String(body.slot ?? '');
      if (!(slot in SLOTS)) return reply(res, 400, { error: '上传的位置不对：请刷新页面后重试。' });
      uploads.clear(slot as Slot);
      return reply(res, 200, { files: uploads.list() });
    }
    if (path === 'api/run') {
      if (!COMMANDS.includes(body.command as RunRequest['command'])) return reply(res, 400, { error: '没有这个命令。' });
      return reply(res, 200, await runs.run(runRequest(body)));
    }
    if (path === 'api/stop') {
      reply(res, 200, { ok: true });
      stopRequested();
      return;
    }
    return reply(res, 404, { error: '没有这个页面。' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError(`端口 ${opts.port} 已被占用，请换一个端口（--port），或不指定端口由系统分配。`)
          : e.code === 'EACCES'
            ? new UserError(`没有权限使用端口 ${opts.port}，请换一个大于 1024 的端口，或不指定端口。`)
            : e,
      ),
    );
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const stop = () =>
    (closing ??= new Promise<void>((resolve) => {
      stopRequested();
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => rmSync(tmp, { recursive: true, force: true })));
  return { url: `http://127.0.0.1:${port}/${token}/`, port, stopped, stop, tmp };
}

/**
 * Why a request is refused, before anything else is read: not our Host (a rebound name), not
 * our Origin (another site), a POST without our Origin, or no token.
 */
function refused(req: IncomingMessage, port: number, token: string): { status: number; message: string } | undefined {
  const ours = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!ours.includes(String(req.headers.host ?? '').toLowerCase())) return { status: 421, message: '拒绝访问：请求的主机名不是本机地址。请使用 gov-clerk app 打印的地址。' };
  const origin = req.headers.origin;
  if (origin !== undefined && !ours.some((h) => origin.toLowerCase() === `http://${h}`)) return { status: 403, message: '拒绝访问：请求来自其他网站。' };
  if (req.method !== 'GET' && origin === undefined) return { status: 403, message: '拒绝访问：请求没有说明来源网页。' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, message: '拒绝访问：请求来自其他网站。' };
  const given = Buffer.from((req.url ?? '').split(/[/?#]/)[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 403, message: '拒绝访问：地址中缺少口令或口令不对。请使用 gov-clerk app 打印的完整地址。' };
  return undefined;
}

function runRequest(body: Record<string, unknown>): RunRequest {
  const text = (k: string) => (typeof body[k] === 'string' && body[k] !== '' ? { [k]: body[k] as string } : {});
  const flag = (k: string) => (body[k] === true ? { [k]: true } : {});
  return {
    command: body.command as RunRequest['command'],
    ...text('month'),
    ...text('year'),
    ...text('asOf'),
    ...text('sheet'),
    ...text('headerRow'),
    ...flag('withPolicy'),
    ...flag('withRoster'),
    ...flag('withPrevious'),
    ...flag('withHistory'),
    ...flag('maskId'),
    ...flag('showIds'),
  };
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 64 * 1024) throw new UserError('请求过大。');
  }
  if (text === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    throw new UserError('请求的格式不对：请刷新页面后重试。');
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function internal(e: unknown): string {
  return `内部错误：${e instanceof Error ? e.message : String(e)}。这是 gov-clerk 的缺陷，请把操作步骤和输入文件（可脱敏）反馈给维护人员。`;
}
