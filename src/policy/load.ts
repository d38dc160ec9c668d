// Reads and checks a policy file (YAML or JSON, against the schema): every user's file, and
// the built-in one when it has no checked form (see open.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { BUILTIN_POLICY_FILE, builtinPolicyText } from '../assets.js';
import { UserError } from '../errors.js';
import { policyOf, type Policy } from './policy.js';
import type { PolicyFile } from './schema.js';
import { policySchema } from './schema.js';

/** The built-in policy's name in messages and JSON (its path when run from the package). */
export const BUILTIN_POLICY_PATH = BUILTIN_POLICY_FILE;

export type { Policy, ResolvedParam } from './policy.js';

export function loadPolicy(path?: string): Policy {
  if (path === undefined || path === BUILTIN_POLICY_PATH) return parsePolicy(builtinPolicyText(), BUILTIN_POLICY_PATH, true);
  return parsePolicy(readPolicyText(path), path, false);
}

/** A policy file is a few KB: more than this is not one (and /dev/zero would never end). */
export const MAX_POLICY_BYTES = 4 << 20;

/** What a small text file is, for messages: its name and how to give another. */
export interface TextFileKind {
  label: string; // 政策文件, 用例文件
  option: string; // where the user named it, with a leading space: ' --policy 后的路径'
  template: string; // where a good one comes from
}
const POLICY_FILE: TextFileKind = { label: '政策文件', option: ' --policy 后的路径', template: ' `gov-clerk policy init` 生成的文件' };

function readPolicyText(source: string): string {
  return readSmallText(source, POLICY_FILE);
}

/** The text of a regular file of at most MAX_POLICY_BYTES, read no further than that. */
export function readSmallText(source: string, kind: TextFileKind): string {
  let fd: number;
  try {
    fd = openSync(source, 'r');
  } catch {
    throw new UserError(`无法读取${kind.label} ${source}：文件不存在或没有读取权限。请检查${kind.option}。`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UserError(`${kind.label} ${source} 不是普通文件（是文件夹、设备或管道）。请检查${kind.option}，指定一个 .yaml 文件。`);
    const buf = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_POLICY_BYTES) throw new UserError(`${kind.label} ${source} 超过 ${MAX_POLICY_BYTES / (1 << 20)} MB，不是${kind.label}。请用${kind.template}为模板修改。`);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`无法读取${kind.label} ${source}（${(e as NodeJS.ErrnoException).code ?? '未知错误'}）。请检查${kind.option}。`);
  } finally {
    closeSync(fd);
  }
}

export function parsePolicy(text: string, source: string, builtin = false): Policy {
  let raw: unknown;
  try {
    raw = source.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `第 ${e.linePos[0].line} 行` : '';
    throw new UserError(
      `政策文件 ${source} ${where}格式错误，无法解析为 YAML/JSON。请用 \`gov-clerk policy init\` 生成的文件为模板修改。`,
    );
  }
  const result = policySchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    // Up to three findings: a misspelt key shows as "missing X" plus "unknown Y" together.
    const found = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(根)'} ${describeZodIssue(i)}`);
    throw new UserError(
      `政策文件 ${source} 不正确：${found.join('；')}。请对照 \`gov-clerk policy show\` 的内置政策修改。`,
    );
  }
  return policyOf(builtin ? result.data : withBuiltinDefaults(result.data), text, source, builtin);
}

/**
 * Parameters added after towns first exported their policy files (policy init): a file without
 * them takes the built-in policy's, saying so in the note (政策参数 shows it), rather than
 * failing a file that was right when it was written.
 */
function withBuiltinDefaults(file: PolicyFile): PolicyFile {
  const annual = file.parameters.annual;
  const missing = (['last_place', 'last_place_tie_share', 'lead_candidate'] as const).filter((k) => annual[k] === undefined);
  if (missing.length === 0) return file;
  const base = parsePolicy(builtinPolicyText(), BUILTIN_POLICY_PATH, true).file.parameters.annual;
  const filled = { ...annual };
  for (const k of missing) {
    const b = base[k]!;
    (filled as Record<string, unknown>)[k] = { ...b, note: `${b.note ? `${b.note}；` : ''}政策文件中没有这一项，按内置政策` };
  }
  return { ...file, parameters: { ...file.parameters, annual: filled } };
}

export function describeZodIssue(issue: {
  code: string;
  message: string;
  expected?: unknown;
  keys?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  values?: unknown;
  input?: unknown;
}): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `缺少这一项（应为 ${typeName(issue.expected)}）` : `类型不对（应为 ${typeName(issue.expected)}）`;
    case 'unrecognized_keys':
      return `有无法识别的键 ${(issue.keys as string[]).join('、')}（可能拼写错误）`;
    case 'too_small':
      return `应不小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `应不大于 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `应为 ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
    default:
      return `不符合要求（${issue.message}）`;
  }
}

function typeName(t: unknown): string {
  return ({ number: '数字', string: '文字', object: '一组键值', array: '列表', boolean: '是/否' } as Record<string, string>)[String(t)] ?? String(t);
}
