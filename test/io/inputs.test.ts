// What a folder given as input stands for: the tables a centre sent, nothing gov-clerk wrote.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/io/inputs.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

describe('expandInputs', () => {
  const dir = tmp('报送');
  mkdirSync(join(dir, '子文件夹'), { recursive: true });
  for (const name of ['乙镇.csv', '甲镇.xlsx', '丙镇.XLSX', '~$甲镇.xlsx', '.隐藏.csv', '报送.annual-2025.xlsx', '花名册.payroll-2025-06.xlsx', '说明.txt', '子文件夹/丁镇.xlsx']) {
    writeFileSync(join(dir, name), '');
  }

  it('a folder: its .xlsx and .csv files by name, not lock files, hidden files, gov-clerk outputs, other files or subfolders', () => {
    expect(expandInputs([dir], '月度考核表').map((p) => p.slice(dir.length + 1))).toEqual(['丙镇.XLSX', '乙镇.csv', '甲镇.xlsx'].sort());
  });

  it('files and folders together, each file once; a file named is taken as it is', () => {
    const files = expandInputs([join(dir, '甲镇.xlsx'), dir, join(dir, '说明.txt')], '月度考核表');
    expect(files.map((p) => p.slice(dir.length + 1))).toEqual(['甲镇.xlsx', ...['丙镇.XLSX', '乙镇.csv'].sort(), '说明.txt']);
  });

  it.each<[string, RegExp]>([
    ['/nonexistent/报送', /找不到月度考核表 \/nonexistent\/报送：文件或文件夹不存在/],
    ['子文件夹-空', /中没有 \.xlsx 或 \.csv 文件/],
  ])('%s: one sentence', (path, message) => {
    const p = path.startsWith('/') ? path : tmp(path);
    if (!path.startsWith('/')) mkdirSync(p, { recursive: true });
    expect(() => expandInputs([p], '月度考核表')).toThrow(message);
  });
});
