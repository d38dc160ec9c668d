'use strict';
// The Windows zip's launchers (issue 22.3): each .cmd file is one line that runs this file with
// node.exe, the launcher's task and whatever was dropped on its icon:
//   "%~dp0node.exe" "%~dp0gov-clerk-launcher.cjs" payroll %*
// The asking is done here, not in cmd: a path with parentheses, spaces or Chinese is a plain
// string, several dropped files are plain arguments, and a bad entry is asked again instead of
// ending the window. gov-clerk itself runs as a child process (gov-clerk.cjs beside this file);
// its summary is shown as it comes, the result is opened, and the window ends with one plain
// sentence (never an exit code). Console input comes through Node's readline, which reads the
// Windows console as Unicode whatever its code page.
//   GOV_CLERK_CLI=<file>     the CLI to run (tests: bin/gov-clerk.cjs)
//   GOV_CLERK_OPEN=<json>    [program, ...args]: opens a result by running them with its path
//                            (tests: a recorder); by default explorer.exe on Windows
const { spawn } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { basename, join, resolve } = require('node:path');
const readline = require('node:readline');
const { StringDecoder } = require('node:string_decoder');

const CLI = process.env.GOV_CLERK_CLI || join(__dirname, 'gov-clerk.cjs');

/** The zip's launchers: [file name, task]; scripts/package.mjs writes one .cmd for each. */
const LAUNCHERS = [
  ['发放表.cmd', 'payroll'],
  ['年度考核.cmd', 'annual'],
  ['配备检查.cmd', 'check-staffing'],
  ['花名册检查.cmd', 'check-roster'],
  ['预算.cmd', 'budget'],
  ['模板.cmd', 'template'],
];

/** What each task asks for and runs. */
const TASKS = {
  payroll: { what: '花名册', run: 'each' },
  annual: { what: '月度考核表', run: 'all', folders: true },
  'check-staffing': { what: '中心表', run: 'each' },
  'check-roster': { what: '花名册', run: 'each' },
  budget: { what: '花名册', run: 'each' },
  template: { what: null },
};

const TEMPLATES = [
  ['roster', '花名册模板'],
  ['ratings', '月度考核模板'],
  ['centers', '中心表模板'],
];

const say = (line) => process.stdout.write(`${line}\n`);

/** Console lines, one at a time; undefined once input has ended (a closed window, a test's EOF). */
function lineReader() {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const lines = [];
  const waiting = [];
  let ended = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  rl.on('close', () => {
    ended = true;
    while (waiting.length) waiting.shift()(undefined);
  });
  return {
    ask(prompt) {
      process.stdout.write(prompt);
      if (lines.length) return Promise.resolve(lines.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((r) => waiting.push(r));
    },
    close: () => rl.close(),
  };
}

class Stopped extends Error {}

/** Asks until `parse` accepts the answer (it returns { value } or { error }). */
async function askUntil(input, prompt, parse) {
  for (;;) {
    const answer = await input.ask(prompt);
    if (answer === undefined) throw new Stopped();
    const r = parse(answer.trim());
    if (!('error' in r)) return r.value;
    say(r.error);
  }
}

/** Full-width digits and separators (a Chinese input method) as ASCII. */
function halfWidth(text) {
  return text.replace(/[０-９－／．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** 2025-06, 2025-6, 2025/6, 2025.6, 2025年6月, 202506 → 2025-06; otherwise undefined. */
function parseMonth(text) {
  const t = halfWidth(text).replace(/\s+/g, '');
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (!m) return undefined;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return undefined;
  return `${year}-${String(month).padStart(2, '0')}`;
}

function parseYear(text) {
  const m = /^(\d{4})年?$/.exec(halfWidth(text).replace(/\s+/g, ''));
  const year = m ? Number(m[1]) : NaN;
  return year >= 2000 && year <= 2100 ? String(year) : undefined;
}

/** A path as dragged into the console: quoted when it has spaces. */
function unquote(text) {
  return text.replace(/^"(.*)"$/, '$1').trim();
}

function fileAnswer(text, { optional, folders }) {
  const path = unquote(text);
  if (path === '') return optional ? { value: undefined } : { error: '还没有收到文件：把文件拖进这个窗口，再按回车。' };
  let st;
  try {
    st = statSync(path);
  } catch {
    return { error: `找不到“${path}”。请把文件拖进这个窗口（不要手打路径），再按回车。` };
  }
  if (st.isDirectory() && !folders) return { error: `“${path}”是文件夹，请拖入其中的表格文件。` };
  return { value: resolve(path) };
}

/** Runs gov-clerk; shows what it says as it comes. `hold(line)`: lines kept back until the end. */
function runCli(args, hold = () => false) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const decoder = new StringDecoder('utf8');
    const written = [];
    const held = [];
    let partial = '';
    const lines = (text) => {
      partial += text;
      const parts = partial.split('\n');
      partial = parts.pop();
      for (const line of parts) {
        const w = /^已写入 (.+?)(?:：填好后运行 .*)?\r?$/.exec(line);
        if (w) written.push(resolve(w[1]));
        if (hold(line)) held.push(line);
        else process.stderr.write(`${line}\n`);
      }
    };
    child.stderr.on('data', (b) => lines(decoder.write(b)));
    child.on('error', (e) => {
      process.stderr.write(`无法启动 gov-clerk：${e.message}\n`);
      done({ code: 2, written, held });
    });
    child.on('close', (code) => {
      lines(decoder.end());
      if (partial !== '') lines('\n'); // a last line without its newline
      done({ code: code ?? 2, written, held });
    });
  });
}

/**
 * Opens a result with the program Windows uses for it (Excel, WPS). explorer.exe hands the file
 * over and ends at once; waiting for it keeps the window's last lines in order.
 */
function open(file) {
  let cmd;
  try {
    cmd = process.env.GOV_CLERK_OPEN ? JSON.parse(process.env.GOV_CLERK_OPEN) : process.platform === 'win32' ? ['explorer.exe'] : undefined;
  } catch {
    cmd = undefined;
  }
  if (!Array.isArray(cmd)) return Promise.resolve(false);
  return new Promise((done) => {
    const child = spawn(cmd[0], [...cmd.slice(1), file], { stdio: 'ignore' });
    child.on('error', () => done(false));
    child.on('exit', () => done(true));
  });
}

/** The window's last words: what happened, in one sentence, and where the result is. */
async function finish(code, written) {
  say('');
  if (code === 0) say('完成，没有发现需要处理的问题。');
  else if (code === 1) say('完成。有需要处理的问题：请看结果文件中的「数据问题」表，每条写明哪一行、怎么改；改好原表后再运行一次。');
  else say('没有完成：原因见上面“错误：”开头的那一句，照它改好后再运行一次。');
  for (const file of written) say((await open(file)) ? `结果文件：${file}（已打开）` : `结果文件：${file}（请自己打开）`);
}

function freeName(dir, stem) {
  for (let i = 1; ; i++) {
    const file = join(dir, i === 1 ? `${stem}.xlsx` : `${stem} (${i}).xlsx`);
    if (!existsSync(file)) return file;
  }
}

async function main(task, dropped) {
  const spec = TASKS[task];
  if (!spec) {
    say(`不认识的任务“${task}”。`);
    return 2;
  }
  const input = lineReader();
  try {
    if (task === 'template') {
      const menu = TEMPLATES.map(([, name], i) => `${i + 1} ${name}`).join('，');
      const pick = await askUntil(input, `生成哪个空白模板？输入 ${menu} 中的数字后回车：`, (t) => {
        const i = Number(halfWidth(t)) - 1;
        return TEMPLATES[i] ? { value: TEMPLATES[i] } : { error: '请只输入 1、2 或 3。' };
      });
      // Never over a filled-in template: a new name beside it.
      const out = freeName(process.cwd(), pick[1]);
      const r = await runCli(['template', pick[0], '-o', out]);
      await finish(r.code, r.code === 0 ? [out] : []);
      return r.code;
    }
    let files = dropped.map((f) => resolve(f));
    if (files.length === 0) {
      files = [await askUntil(input, `请把${spec.what}文件拖进这个窗口，再按回车：`, (t) => fileAnswer(t, { optional: false, folders: spec.folders }))];
    }
    const extra = [];
    if (task === 'payroll') {
      const now = new Date();
      const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
      const month = await askUntil(input, `计算哪个月？直接回车为本月（${thisMonth}），或输入如 2025-06、2025年6月、202506 后回车：`, (t) =>
        t === '' ? { value: thisMonth } : parseMonth(t) ? { value: parseMonth(t) } : { error: `没看懂“${t}”：请输入年和月，例如 2025-06、2025年6月 或 202506。` },
      );
      extra.push('--month', month);
    }
    if (task === 'budget') {
      const next = String(new Date().getFullYear() + 1);
      const year = await askUntil(input, `预算哪一年？直接回车为 ${next} 年，或输入年份如 ${next} 后回车：`, (t) =>
        t === '' ? { value: next } : parseYear(t) ? { value: parseYear(t) } : { error: `没看懂“${t}”：请输入四位年份，例如 ${next}。` },
      );
      extra.push('--year', year);
    }
    if (task === 'annual' || task === 'check-staffing') {
      const why = task === 'annual' ? '用于找出未报送的中心、在岗月份和人数' : '用于按在岗人数核对办事员人数';
      const roster = await askUntil(input, `如有花名册，把它拖进这个窗口后回车（${why}）；没有就直接回车：`, (t) => fileAnswer(t, { optional: true, folders: false }));
      if (roster) extra.push('--roster', roster);
    }
    const runs = spec.run === 'all' ? [files] : files.map((f) => [f]);
    let worst = 0;
    const written = [];
    for (const targets of runs) {
      if (runs.length > 1) say(`\n—— ${basename(targets[0])} ——`);
      let args = [task, ...targets, ...extra];
      // A ratings file whose months say only 1月…12月: gov-clerk asks for --year, the clerk for a year.
      const yearLine = (line) => task === 'annual' && !args.includes('--year') && /--year/.test(line);
      let r = await runCli(args, yearLine);
      if (r.code === 2 && r.held.length > 0) {
        say('表中的月份没有写年份（如“1月”）。');
        const year = await askUntil(input, '这是哪一年的考核？输入年份如 2025 后回车：', (t) => (parseYear(t) ? { value: parseYear(t) } : { error: `没看懂“${t}”：请输入四位年份，例如 2025。` }));
        args = [...args, '--year', year];
        r = await runCli(args);
      } else {
        // "未指定 --year，表中只有 2025 年的数据，按 2025 年评定。": the year, without the option a clerk cannot give.
        for (const line of r.held) process.stderr.write(`${line.replace('未指定 --year，', '')}\n`);
      }
      worst = Math.max(worst, r.code);
      written.push(...r.written);
    }
    await finish(worst, written);
    return worst;
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    say('\n没有收到输入，已停止；什么也没有写。');
    return 2;
  } finally {
    input.close();
  }
}

// For scripts/package.mjs and the tests.
module.exports = { LAUNCHERS, parseMonth, parseYear, unquote };

if (require.main === module) {
  main(process.argv[2], process.argv.slice(3)).then(
    (code) => (process.exitCode = code),
    (e) => {
      say(`内部错误：${e instanceof Error ? e.message : String(e)}。这是 gov-clerk 的缺陷，请把这段话反馈给维护人员。`);
      process.exitCode = 2;
    },
  );
}
