// gov-clerk app: starts the local page's server (src/cli/app/server.ts), prints its address on
// stdout, opens the default browser at it unless --no-open, and waits until the page or a
// signal stops it. The private temporary folder goes at exit however the run ends.
// A static import: the bundle runs in a vm.Script, where import() of a builtin is not available;
// this module itself is loaded only when `app` runs.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { onExit } from '../exit.js';

export interface AppOptions {
  open: boolean;
  port?: number;
}

export async function appRun(opts: AppOptions): Promise<number> {
  const { startApp } = await import('./app/server.js');
  const app = await startApp({ port: opts.port ?? 0 });
  onExit(() => rmSync(app.tmp, { recursive: true, force: true }));
  process.stderr.write('gov-clerk 网页已启动（只有本机可以访问）。用完请在网页上点「退出」，或在这里按 Ctrl-C。\n');
  process.stdout.write(`${app.url}\n`);
  if (opts.open) openBrowser(app.url);
  await app.stopped;
  await app.stop();
  process.stderr.write('gov-clerk 网页已停止，上传的文件已删除。\n');
  return 0;
}

/** The system's own way to open an address; any failure is ignored (the address is printed). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', `"${url}"`]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    // cmd.exe takes its line as written: `start "" "<url>"` (the address has no character cmd treats specially).
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', windowsHide: true, windowsVerbatimArguments: process.platform === 'win32' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener on this system: the printed address is enough
  }
}
