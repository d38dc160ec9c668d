// The files the page was given, kept only in the run's private temporary folder (0700), under
// their own names (the CLI names its outputs after its inputs, and the outputs cite them).
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { UserError } from '../../errors.js';

export const SLOTS = {
  roster: { label: '花名册', many: false },
  ratings: { label: '月度考核表', many: true },
  centers: { label: '中心表', many: false },
  previous: { label: '上月实发补贴表', many: false },
  history: { label: '往年年度考核表', many: true },
  policy: { label: '政策文件', many: false },
} as const;
export type Slot = keyof typeof SLOTS;

/** Bounds on what the page accepts (README 安全). */
export const LIMITS = { fileBytes: 50 * 1024 * 1024, files: 300, totalBytes: 500 * 1024 * 1024 };
const MB = 1024 * 1024;

export class Uploads {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private slotDir(slot: Slot): string {
    // A folder of rating files is read as the CLI reads a folder: its name names the output.
    return join(this.dir, slot === 'ratings' ? '月度考核' : slot);
  }

  /** The files of each slot: name and size. */
  list(): Record<Slot, Array<{ name: string; size: number }>> {
    const out = {} as Record<Slot, Array<{ name: string; size: number }>>;
    for (const slot of Object.keys(SLOTS) as Slot[]) out[slot] = this.files(slot).map((name) => ({ name, size: statSync(join(this.slotDir(slot), name)).size }));
    return out;
  }

  private files(slot: Slot): string[] {
    try {
      return readdirSync(this.slotDir(slot)).sort();
    } catch {
      return [];
    }
  }

  /** The one file of a slot (roster, centres, previous). */
  one(slot: Slot): string {
    const [name] = this.files(slot);
    if (name === undefined) throw new UserError(`请先上传${SLOTS[slot].label}。`);
    return join(this.slotDir(slot), name);
  }

  all(slot: Slot): string[] {
    const names = this.files(slot);
    if (names.length === 0) throw new UserError(`请先上传${SLOTS[slot].label}。`);
    return names.map((n) => join(this.slotDir(slot), n));
  }

  /** The rating files as one argument: the file itself, or their folder when there are several. */
  ratings(): string {
    const all = this.all('ratings');
    return all.length === 1 ? all[0]! : this.slotDir('ratings');
  }

  clear(slot: Slot): void {
    rmSync(this.slotDir(slot), { recursive: true, force: true });
  }

  /**
   * Stores one request's body as `name` in `slot` (replacing the slot's file when it holds one).
   * A body over the bounds is read to its end and dropped (a browser shows a reply only to a
   * request it finished sending) and the reply is one sentence saying which bound.
   */
  async receive(slot: Slot, rawName: string, req: IncomingMessage): Promise<{ name: string; size: number }> {
    const name = safeName(rawName);
    const existing = this.list();
    const count = Object.values(existing).reduce((n, l) => n + l.length, 0);
    const total = Object.values(existing).reduce((n, l) => n + l.reduce((s, f) => s + f.size, 0), 0);
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooBig = `文件“${name}”超过 ${LIMITS.fileBytes / MB} MB，未上传。请检查是否选错了文件；确实这么大的表请用命令行处理。`;
    if (declared > LIMITS.fileBytes * 4) {
      req.destroy();
      throw new UserError(tooBig);
    }
    if (SLOTS[slot].many && count >= LIMITS.files) throw await drained(req, new UserError(`最多上传 ${LIMITS.files} 个文件，未上传“${name}”。请先清除不需要的文件。`));
    if (declared > LIMITS.fileBytes) throw await drained(req, new UserError(tooBig));
    if (total + (Number.isFinite(declared) ? declared : 0) > LIMITS.totalBytes) throw await drained(req, new UserError(`已上传的文件合计超过 ${LIMITS.totalBytes / MB} MB，未上传“${name}”。请先清除不需要的文件。`));
    if (!SLOTS[slot].many) this.clear(slot);
    const dir = this.slotDir(slot);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, SLOTS[slot].many ? unique(name, this.files(slot)) : name);
    let size = 0;
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      await new Promise<void>((resolve, reject) => {
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > LIMITS.fileBytes) {
            req.unpipe(out);
            reject(new UserError(tooBig));
          }
        });
        req.on('error', reject);
        out.on('error', reject);
        out.on('finish', resolve);
        req.pipe(out);
      });
    } catch (e) {
      out.destroy();
      rmSync(path, { force: true });
      if (e instanceof UserError) throw await drained(req, e);
      throw e;
    }
    return { name: basename(path), size };
  }
}

/** Reads the rest of a refused body (up to four times the bound), then gives back the error. */
async function drained(req: IncomingMessage, error: Error): Promise<Error> {
  let seen = 0;
  await new Promise<void>((resolve) => {
    if (req.readableEnded) return resolve();
    req.on('data', (c: Buffer) => {
      seen += c.length;
      if (seen > LIMITS.fileBytes * 4) {
        req.destroy();
        resolve();
      }
    });
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
  return error;
}

/** The file's own name, without any folder, control character or character Windows forbids. */
export function safeName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^\.+/, '').slice(-120).trim();
  if (clean === '') throw new UserError('文件名为空，无法上传。');
  return clean;
}

function unique(name: string, taken: string[]): string {
  if (!taken.includes(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; ; i++) if (!taken.includes(`${stem}（${i}）${ext}`)) return `${stem}（${i}）${ext}`;
}
