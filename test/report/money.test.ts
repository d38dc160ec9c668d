import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { yuanInWords } from '../../src/report/money.js';

describe('yuanInWords: 人民币大写 from integer 分', () => {
  it.each([
    [1198000, '壹万壹仟玖佰捌拾元整'], // the example: 11,980.00
    [0, '零元整'],
    [100, '壹元整'],
    [1000, '壹拾元整'], // 壹拾, never a bare 拾
    [1600, '壹拾陆元整'],
    [10000000, '壹拾万元整'],
    [168032, '壹仟陆佰捌拾元零叁角贰分'], // 元 digit 0: 零 before 角
    [10700053, '壹拾万柒仟元零伍角叁分'],
    [140950, '壹仟肆佰零玖元伍角'], // no 整 after 角
    [600714, '陆仟零柒元壹角肆分'],
    [32504, '叁佰贰拾伍元零肆分'], // 角 0 before 分: 零
    [50, '伍角'],
    [5, '伍分'],
    [55, '伍角伍分'],
    [1000500, '壹万零伍元整'], // a run of zeros is one 零
    [1000010000, '壹仟万零壹佰元整'],
    [10000100000, '壹亿零壹仟元整'], // an all-zero 万 section still reads 零
    [10001000000, '壹亿零壹万元整'],
    [10000000000, '壹亿元整'],
    [1010101000, '壹仟零壹拾万壹仟零壹拾元整'], // 万位 0, 仟位 not: no 零 (as 壹拾万柒仟)
    [-30000, '负叁佰元整'],
  ])('%d 分 → %s', (fen, words) => {
    expect(yuanInWords(fen)).toBe(words);
  });

  it('refuses what is not whole 分', () => {
    expect(() => yuanInWords(1.5)).toThrow();
  });

  it('reads back to the same number (a parser written independently of the converter)', () => {
    const D = '零壹贰叁肆伍陆柒捌玖';
    const parse = (s: string): number => {
      const body = s.replace(/整$/, '');
      const [int, frac] = body.includes('元') ? (body.split('元') as [string, string]) : ['', body];
      let yi = 0;
      let wan = 0;
      let section = 0;
      let digit = 0;
      for (const ch of int) {
        const d = D.indexOf(ch);
        if (d >= 0) digit = d;
        else if (ch === '拾' || ch === '佰' || ch === '仟') {
          section += digit * { 拾: 10, 佰: 100, 仟: 1000 }[ch];
          digit = 0;
        } else if (ch === '万') {
          wan = section + digit;
          section = digit = 0;
        } else if (ch === '亿') {
          yi = section + digit;
          section = digit = 0;
        }
      }
      const yuan = yi * 100_000_000 + wan * 10_000 + section + digit;
      const jiao = /(.)角/.exec(frac)?.[1];
      const fen = /(.)分/.exec(frac)?.[1];
      return yuan * 100 + (jiao ? D.indexOf(jiao) * 10 : 0) + (fen ? D.indexOf(fen) : 0);
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (fen) => {
        const words = yuanInWords(fen);
        expect(words).not.toMatch(/零零|零[元万亿]|^拾|零$/);
        expect(words.endsWith('整')).toBe(fen % 100 === 0);
        expect(parse(words)).toBe(fen);
      }),
    );
  });
});
