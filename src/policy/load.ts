// Loads a policy file (the built-in one goes through the same door) and answers
// "what was parameter P on date D, and where does it come from".
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { IsoDate } from '../calendar.js';
import { UserError } from '../errors.js';
import { policySchema, type ParamPath, type ParamValue, type PolicyFile } from './schema.js';

export const BUILTIN_POLICY_PATH = fileURLToPath(new URL('../../policy/sucheng-2024-26.yaml', import.meta.url));

export interface ResolvedParam<V> {
  path: ParamPath;
  value: V;
  from: IsoDate;
  clause: string;
  description: string;
  quote?: string;
}

export interface Policy {
  file: PolicyFile;
  source: string; // file path, for messages
  sha256: string;
  builtin: boolean;
  /** The value in force on `date`; before the first `from`, the first value (see README). */
  at<P extends ParamPath>(path: P, date: IsoDate): ResolvedParam<ParamValue<P>>;
}

export function loadPolicy(path?: string): Policy {
  const source = path ?? BUILTIN_POLICY_PATH;
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    throw new UserError(`无法读取政策文件 ${source}：文件不存在或没有读取权限。请检查 --policy 后的路径。`);
  }
  return parsePolicy(text, source, path === undefined);
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
  const result = policySchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const key = first.path.join('.') || '(根)';
    throw new UserError(
      `政策文件 ${source} 中的 ${key} 不正确：${describeZodIssue(first)}。请对照 \`gov-clerk policy show\` 的内置政策修改。`,
    );
  }
  const file = result.data;
  const sha256 = createHash('sha256').update(text).digest('hex');
  return {
    file,
    source,
    sha256,
    builtin,
    at(path, date) {
      const [section, key] = path.split('.') as [keyof PolicyFile['parameters'], string];
      const param = (file.parameters[section] as Record<string, PolicyParam>)[key]!;
      let chosen = param.values[0]!;
      for (const v of param.values) if (v.from <= date) chosen = v;
      return {
        path,
        value: chosen.value as never,
        from: chosen.from,
        clause: param.clause,
        description: param.description,
        ...(param.quote ? { quote: param.quote } : {}),
      };
    },
  };
}

interface PolicyParam {
  description: string;
  clause: string;
  quote?: string;
  values: Array<{ from: IsoDate; value: unknown }>;
}

function describeZodIssue(issue: { code: string; message: string; expected?: unknown; keys?: unknown }): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? `缺少这一项（应为 ${String(issue.expected)}）`
        : `类型不对（应为 ${String(issue.expected)}）`;
    case 'unrecognized_keys':
      return `有无法识别的键 ${JSON.stringify(issue.keys)}（可能拼写错误）`;
    case 'too_small':
      return `数值或个数太小（${issue.message}）`;
    case 'too_big':
      return `数值太大（${issue.message}）`;
    case 'invalid_value':
      return `取值不在允许范围内（${issue.message}）`;
    default:
      return issue.message;
  }
}
