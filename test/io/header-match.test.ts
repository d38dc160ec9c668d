// Issue 21 #1: headers offices really type are read as the column they mean, and said so; what
// is not used is listed with the column it most likely means; two possible meanings stop the run.
import { describe, expect, it } from 'vitest';
import { canonicalHeader, headerSimilarity, parseColumnMapping, resolveHeader } from '../../src/io/header-match.js';
import { normalizeHeader } from '../../src/io/normalize.js';
import { ROSTER } from '../../src/schema/roster.js';
import { RATINGS_TABLE } from '../../src/schema/ratings.js';

const cells = (headers: string[]) => headers.map((text, index) => ({ index, text }));
const resolve = (headers: string[], mapping?: Map<string, string | null>) => resolveHeader(cells(headers), ROSTER.columns, mapping ? { mapping } : {});
const keyOf = (r: ReturnType<typeof resolve>, index: number) => [...r.columns].find(([, i]) => i === index)?.[0];

describe('headers as offices type them', () => {
  // [header as written, the column it is read as, how: exact (alias) | weak | similar]
  const read: Array<[string, string, 'exact' | 'weak' | 'similar']> = [
    ['证书级别', 'skillGrade', 'exact'],
    ['职业资格等级', 'skillGrade', 'exact'],
    ['技能等级', 'skillGrade', 'exact'],
    ['身份证', 'idNumber', 'exact'],
    ['公民身份号码', 'idNumber', 'exact'],
    ['身份证号码', 'idNumber', 'exact'],
    ['基础工资', 'baseSalary', 'exact'],
    ['文化程度', 'education', 'exact'],
    ['最高学历', 'education', 'exact'],
    ['取得证书日期', 'certDate', 'exact'],
    ['发证日期', 'certDate', 'exact'],
    ['取证时间', 'certDate', 'exact'],
    ['入职时间', 'startDate', 'exact'],
    ['离岗时间', 'leaveDate', 'exact'],
    ['首次取证日期', 'firstCertDate', 'exact'],
    ['參加工作時間', 'startDate', 'weak'], // Traditional, and a weak alias
    ['参加工作时间', 'startDate', 'weak'],
    ['连续工作起算时间', 'continuousStart', 'exact'],
    ['连续工龄起始日期', 'continuousStart', 'similar'],
    ['基本工资标准', 'baseSalary', 'similar'],
    ['技能等级证书级别', 'skillGrade', 'similar'],
    ['技能证书', 'skillGrade', 'similar'],
    ['身份证号（18位）', 'idNumber', 'exact'], // bracketed note dropped
  ];
  it.each(read)('%s is read as %s (%s)', (header, key, how) => {
    const r = resolve(['姓名', '所属中心', header]);
    expect(keyOf(r, 2)).toBe(key);
    expect(r.ambiguous).toEqual([]);
    const guess = r.guessed.find((g) => g.index === 2);
    if (how === 'exact') expect(guess).toBeUndefined();
    else expect(guess).toEqual({ index: 2, text: header, key, how });
  });

  it('a weak alias is not read when the file has the column itself: it is listed as unused', () => {
    const r = resolve(['姓名', '上岗日期', '参加工作时间']);
    expect(keyOf(r, 1)).toBe('startDate');
    expect(keyOf(r, 2)).toBeUndefined();
    expect(r.unused.map((u) => u.text)).toEqual(['参加工作时间']);
    expect(r.duplicates).toEqual([]);
  });

  // Something else about the same subject, or nothing we read: never read, and no false hint.
  const notRead: Array<[string, string[]]> = [
    ['证书编号', []],
    ['离职原因', []],
    ['联系电话', []],
    ['备注', []],
    ['身份证复印件', []],
    ['序号', []],
    ['证书', []],
    ['证书名称', []],
    ['获得证书', []],
  ];
  it.each(notRead)('%s is not read; likely: %j', (header, likely) => {
    const r = resolve(['姓名', '所属中心', header]);
    expect(keyOf(r, 2)).toBeUndefined();
    expect(r.unused).toEqual([{ index: 2, text: header, likely, present: false }]);
  });

  it('a header near a column already read is listed as unused, pointing at that column', () => {
    const r = resolve(['姓名', '身份证号', '身份证号码备份']);
    expect(r.unused).toEqual([{ index: 2, text: '身份证号码备份', likely: ['idNumber'], present: true }]);
  });

  it('two headers that could both be one column are ambiguous, neither is read', () => {
    const r = resolve(['姓名', '基本工资标准', '基本工资额度']);
    expect(r.ambiguous).toEqual([{ text: ['基本工资标准', '基本工资额度'], keys: ['baseSalary'] }]);
    expect(r.columns.has('baseSalary')).toBe(false);
  });

  it('one header close to two absent columns is ambiguous', () => {
    // 取证起始日期: as near to 取证日期 as to 连续工作起始日期 once both are abbreviations.
    const r = resolveHeader(cells(['姓名', 'ab日期c']), [
      { key: 'x', header: 'ab日期', aliases: [] },
      { key: 'y', header: 'b日期c', aliases: [] },
    ]);
    expect(r.ambiguous).toEqual([{ text: ['ab日期c'], keys: ['x', 'y'] }]);
  });

  it('an office mapping wins over names and guesses; 忽略 silences a column', () => {
    const mapping = new Map<string, string | null>([
      [normalizeHeader('等级'), normalizeHeader('证书等级')],
      [normalizeHeader('备注'), null],
      [normalizeHeader('单位'), normalizeHeader('中心名称')], // another table's column: ignored here
    ]);
    const r = resolve(['姓名', '等级', '备注', '单位'], mapping);
    expect(keyOf(r, 1)).toBe('skillGrade');
    expect(r.guessed).toEqual([]);
    expect(r.unused).toEqual([]);
    expect(keyOf(r, 3)).toBe('center'); // 单位 is the roster's own alias of 所属中心
  });

  it("gov-clerk's own workbooks are read by exact names only", () => {
    const r = resolveHeader(cells(['姓名', '证书级别']), ROSTER.columns, { guess: false });
    expect(r.columns.has('skillGrade')).toBe(true); // an alias is still a name
    const s = resolveHeader(cells(['姓名', '连续工龄起始日期']), ROSTER.columns, { guess: false });
    expect(s.columns.has('continuousStart')).toBe(false);
    expect(s.guessed).toEqual([]);
  });

  it('month columns of wide ratings are read by their pattern, never guessed or listed', () => {
    const r = resolveHeader(cells(['姓名', '所属中心', '1月', '2025年2月', '备注']), RATINGS_TABLE.columns, { dynamic: RATINGS_TABLE.matchDynamic! });
    expect(r.unused.map((u) => u.text)).toEqual(['备注']);
    expect(r.columns.size).toBe(4);
  });
});

describe('similarity', () => {
  it('folds the words offices use for the same thing', () => {
    expect(canonicalHeader('入职时间')).toBe('入职日期');
    expect(canonicalHeader('证书级别')).toBe('证书等级');
    expect(canonicalHeader('公民身份号码')).toBe('身份证号');
  });
  it('scores abbreviations high, other things about the same subject low', () => {
    expect(headerSimilarity('身份证', '身份证号')).toBeGreaterThanOrEqual(0.8);
    expect(headerSimilarity('证书编号', '证书等级')).toBeLessThan(0.6);
    expect(headerSimilarity('离职原因', '离职日期')).toBeLessThan(0.6);
    expect(headerSimilarity('连续工作起算日期', '连续工作起始日期')).toBeGreaterThanOrEqual(0.8);
  });
});

describe('--columns', () => {
  const known = new Set(['证书等级', '身份证号'].map(normalizeHeader));
  it('reads pairs, lists and files; 忽略 marks a column unused on purpose', () => {
    const files: Record<string, string> = { 'map.txt': '# 本镇的表头\n证书级别 = 证书等级\r\n备注=忽略\n' };
    const r = parseColumnMapping(['身份证=身份证号，等级＝证书等级', 'map.txt'], known, (p) => files[p]!);
    expect(r.errors).toEqual([]);
    expect([...r.mapping]).toEqual([
      ['身份证', '身份证号'],
      ['等级', '证书等级'],
      ['证书级别', '证书等级'],
      ['备注', null],
    ]);
  });
  it('refuses a target that is no column, and a line that is no pair', () => {
    const r = parseColumnMapping(['证书级别=证书登记', 'x.txt'], known, () => '只有一个词\n');
    expect(r.errors).toEqual(['--columns 中的“证书登记”不是已知的列名', '--columns 文件 x.txt 中的“只有一个词”不是“表中的列名=标准列名”的形式']);
  });
});
