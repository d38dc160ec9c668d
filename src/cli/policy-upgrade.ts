// gov-clerk policy upgrade FILE: a town's policy file exported by an earlier release gets the
// parameters added since, each with its clause, quote and dated values as the built-in policy
// has them; everything the town wrote (its amounts, dates, comments) stays as it was.
import { writeFile } from 'node:fs/promises';
import { isMap, parseDocument } from 'yaml';
import { filledNames } from '../report/policy-text.js';
import { builtinPolicyText } from '../assets.js';
import { UserError } from '../errors.js';
import { parsePolicy, readSmallText } from '../policy/load.js';

export async function upgradePolicy(file: string): Promise<number> {
  if (/\.json$/i.test(file)) throw new UserError(`policy upgrade 只改写 YAML 政策文件；${file} 是 JSON。它缺少的参数照样按内置政策计算，也可以用 gov-clerk policy init 重新导出后再改。`);
  const text = readSmallText(file, { label: '政策文件', option: ' policy upgrade 后的路径', template: ' `gov-clerk policy init` 生成的文件' });
  // The file must be a valid policy (older, not broken) before it is rewritten; what it lacks is what was filled.
  const missing = parsePolicy(text, file).filled;
  const doc = parseDocument(text.replace(/^\uFEFF/, ''));
  if (missing.length === 0) {
    process.stderr.write(`${file} 已包含当前版本的全部参数，无需升级。\n`);
    return 0;
  }
  const builtin = parseDocument(builtinPolicyText().replace(/^\uFEFF/, ''));
  for (const path of missing) {
    const [section, key] = path.split('.') as [string, string];
    if (!isMap(doc.getIn(['parameters', section], true))) doc.setIn(['parameters', section], doc.createNode({}));
    // The built-in node itself (a copy): its clause, quote, note and values, with their comments.
    doc.setIn(['parameters', section, key], (builtin.getIn(['parameters', section, key], true) as { clone(): unknown }).clone());
  }
  const upgraded = doc.toString({ lineWidth: 0 });
  const check = parsePolicy(upgraded, file);
  if (check.filled.length > 0) throw new Error(`policy upgrade left ${check.filled.join(', ')} out`);
  const { writeAtomically } = await import('../io/write.js');
  await writeAtomically(file, (tmp) => writeFile(tmp, upgraded));
  const names = filledNames({ ...check, filled: missing }).map((name, i) => `${missing[i]}（${name}）`);
  process.stderr.write(`已在 ${file} 中补充 ${missing.length} 项参数，取值与内置政策相同：\n${names.map((n) => `  ${n}\n`).join('')}原有的内容未改动。如本地另有规定，请修改这些参数后运行 gov-clerk policy test。\n`);
  return 0;
}
