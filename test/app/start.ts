// Starts `gov-clerk app` (by default --no-open) from the built CLI, as a user would, in its own temporary
// folder (TMPDIR), and reads the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

export interface RunningApp {
  url: string;
  origin: string;
  token: string;
  port: number;
  child: ChildProcess;
  /** The TMPDIR the app was given: its private folder is made inside. */
  tmp: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export async function startApp(args: string[] = ['--no-open'], env: Record<string, string> = {}): Promise<RunningApp> {
  const tmp = mkdtempSync(join(tmpdir(), 'gov-clerk-app-test-'));
  const child = spawn(process.execPath, [`${ROOT}bin/gov-clerk.cjs`, 'app', ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) resolve(line);
    });
    void exited.then((code) => reject(new Error(`gov-clerk app exited (${code}) before printing its address: ${err}`)));
  });
  const m = /^http:\/\/127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]+)\/$/.exec(url);
  if (!m) throw new Error(`not an address: ${url}`);
  return { url, origin: `http://127.0.0.1:${m[1]}`, token: m[2]!, port: Number(m[1]), child, tmp, stderr: () => err, exited };
}

/** The app's private folders inside its TMPDIR. */
export function privateDirs(app: RunningApp): string[] {
  return readdirSync(app.tmp).filter((n) => n.startsWith('gov-clerk-app-'));
}

/** A raw request, with whatever Host and Origin a test wants to send. */
export function raw(
  app: RunningApp,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | Iterable<Buffer> },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body === undefined) req.end();
    else if (Buffer.isBuffer(opts.body)) req.end(opts.body);
    else {
      for (const chunk of opts.body) req.write(chunk);
      req.end();
    }
  });
}
