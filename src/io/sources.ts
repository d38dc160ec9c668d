// Opens a spreadsheet file as a stream of sheets, each a stream of rows of normalized cells.
// Nothing here knows what a roster is; src/io/table.ts finds the header.
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { UserError } from '../errors.js';
import { detectDelimiter } from './csv.js';
import { detectEncoding, SNIFF_BYTES } from './encoding.js';
import type { SheetJob, SourceSheet } from './raw.js';
import { readSheets } from './read-sheets.js';
import { asReadError } from './read-error.js';
import { threadWanted } from '../threads.js';
import { fileKind, noteOpened, notADirectory, READ_NONBLOCK } from '../file-check.js';

export interface Source {
  format: 'xlsx' | 'csv';
  encoding?: string;
  sheets: AsyncIterable<SourceSheet>;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function openSource(path: string): Promise<Source> {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  let head: Buffer;
  let bytes = 0;
  try {
    // A device or pipe (/dev/zero, a FIFO) never ends and cannot be read twice (hash, rows); a
    // FIFO's open blocks, past Ctrl-C: its kind is known from stat, before any open (issue 24.2).
    const kind = fileKind(path);
    if (kind === 'directory') throw new UserError(`${path} 是一个文件夹，请指定其中的 .xlsx 或 .csv 文件。`);
    if (kind !== 'file') throw new UserError(NOT_REGULAR(path));
    const fh = await open(path, READ_NONBLOCK);
    try {
      const stat = await fh.stat({ bigint: true });
      if (!stat.isFile()) throw new UserError(NOT_REGULAR(path));
      noteOpened(path, stat);
      bytes = Number(stat.size);
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`找不到文件 ${path}，请检查文件名和路径${path.includes('\uFFFD') ? '（路径中有无法识别的字符“\uFFFD”：文件名可能不是 UTF-8 编码，请把它重命名）' : ''}。`);
    if (code === 'EISDIR') throw new UserError(`${path} 是一个文件夹，请指定其中的 .xlsx 或 .csv 文件。`);
    if (code === 'ENOTDIR') throw new UserError(`找不到文件 ${path}：路径中的 ${notADirectory(path)} 是文件而不是文件夹。请检查路径。`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`没有权限读取文件 ${path}（${code}）。请检查该文件及其所在文件夹的权限，或把文件复制到自己的文件夹后再试。`);
    throw new UserError(`无法读取文件 ${path}（${code ?? '未知错误'}），请检查文件权限。`);
  }
  if (head.length === 0) throw new UserError(`文件 ${name} 是空文件（0 字节），请重新导出后再试。`);

  if (head.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new UserError(
      `文件 ${name} 是 Excel 97-2003 (.xls)、WPS (.et) 格式或设置了打开密码的工作簿，无法直接读取。请在 Excel 或 WPS 中打开，去掉密码后"另存为" Excel 工作簿 (.xlsx) 再试。`,
    );
  }
  if (ext === '.xls' || ext === '.et' || ext === '.ett' || ext === '.xlt') {
    throw new UserError(`不支持 ${ext} 文件 ${name}。请在 Excel 或 WPS 中"另存为" Excel 工作簿 (.xlsx) 再试。`);
  }
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC);
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!isZip) {
      throw new UserError(
        `文件 ${name} 的扩展名是 ${ext}，但内容不是 Excel 工作簿${looksLikeText(head) ? '（看起来是 CSV 文本，请把扩展名改为 .csv）' : '（文件可能已损坏）'}。请在 Excel 或 WPS 中打开并另存为 .xlsx 再试。`,
      );
    }
    return { format: 'xlsx', sheets: sheetsOf({ kind: 'xlsx', path }, bytes) };
  }
  if (ext === '.csv' || ext === '.txt') {
    if (isZip) throw new UserError(`文件 ${name} 的扩展名是 ${ext}，但内容是 Excel 工作簿。请把扩展名改为 .xlsx 再试。`);
    const encoding = detectEncoding(head);
    const { default: iconv } = await import('iconv-lite');
    const delimiter = detectDelimiter(iconv.decode(head, encoding));
    return { format: 'csv', encoding, sheets: sheetsOf({ kind: 'csv', path, encoding, delimiter }, bytes) };
  }
  throw new UserError(`不支持的文件类型 ${ext || '（无扩展名）'}：${name}。请提供 .xlsx 或 .csv 文件（在 Excel/WPS 中"另存为"即可）。`);
}

const NOT_REGULAR = (path: string) => `${path} 不是普通文件（是设备、管道或套接字），请指定 .xlsx 或 .csv 文件。`;

/**
 * The sheets of a workbook by name (none for a CSV), without reading them; a file that cannot be
 * read at all says why (empty, .xls, a password, not a regular file), as openSource does.
 */
export async function sheetNamesOf(path: string): Promise<string[]> {
  const source = await openSource(path);
  if (source.format !== 'xlsx') return [];
  const { xlsxSheetNames } = await import('./xlsx-reader.js');
  try {
    return await xlsxSheetNames(path, basename(path));
  } catch (e) {
    throw asReadError(e, path);
  }
}

function looksLikeText(head: Buffer): boolean {
  return !head.subarray(0, 512).some((b) => b === 0);
}

/**
 * Files from this size are read on a second thread. Below it (a town's roster is a few hundred
 * KB) starting the thread costs more than it saves: ~40 ms of a 0.4 s run on the fixture.
 */
export const READ_ON_A_THREAD_BYTES = 1 << 20;

/** Reads large files on the second core when a worker can run there, else here; the same rows either way. */
async function* sheetsOf(job: SheetJob, bytes: number): AsyncGenerator<SourceSheet> {
  if (threadWanted('io/source-worker', bytes >= READ_ON_A_THREAD_BYTES)) {
    const thread = await import('./source-thread.js');
    yield* thread.sheetsInWorker(job, () => readSheets(job));
  } else yield* readSheets(job);
}
