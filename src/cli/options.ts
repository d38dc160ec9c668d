// The options every report command takes (docs/contract.md §2), and nothing else: the commands' definitions
// import this at start, so it stays light.
import type { Command } from 'commander';
import { UserError } from '../errors.js';

export interface CommonOptions {
  out?: string;
  json?: boolean;
  policy?: string;
  sheet?: string;
  headerRow?: number;
  maskId?: boolean;
  quiet?: boolean;
  /** --columns: the office's header names (证书级别=证书等级), or files of them. */
  columns?: string[];
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('-o, --out <FILE>', '输出文件；扩展名决定格式：.xlsx（默认）、.csv、.json')
    .option('--json', '在标准输出打印 JSON 结果；不写文件（除非同时给出 -o）')
    .option('--policy <FILE>', '使用指定的政策文件（YAML/JSON），默认内置宿区政办发〔2024〕26号')
    .option('--sheet <NAME>', '读取指定名称的工作表（默认：第一个能识别表头的工作表）')
    .option('--header-row <N>', '指定表头所在行号（从 1 开始），不自动识别', parsePositiveInt('--header-row'))
    .option('--columns <表中列名=标准列名>', '表头与标准列名的对应，如 证书级别=证书等级（多项用逗号分开，不用的列写 =忽略）；也可以是每行一项的文本文件；可重复', collect, [])
    .option('--mask-id', '所有输出中的身份证号脱敏为 321302********1234')
    .option('-q, --quiet', '不在终端显示进度和摘要');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePositiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} 应为正整数（从 1 开始的行号），实际为“${v}”。`);
    return n;
  };
}
