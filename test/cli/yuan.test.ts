// Amounts in terminal summaries: two decimals, thousands separated, as toLocaleString('en-US')
// wrote them before (without loading ICU's number formatting).
import { describe, expect, it } from 'vitest';
import { yuan } from '../../src/cli/text.js';

describe('yuan', () => {
  it.each<[number, string]>([
    [0, '0.00'],
    [-0, '0.00'],
    [5, '5.00'],
    [600, '600.00'],
    [1234.5, '1,234.50'],
    [123456, '123,456.00'],
    [1234567.89, '1,234,567.89'],
    [100000000, '100,000,000.00'],
    [-50, '-50.00'],
    [-1234.5, '-1,234.50'],
    [-0.001, '0.00'],
    [0.1 + 0.2, '0.30'],
    [999.999, '1,000.00'],
  ])('%d → %s', (n, text) => {
    expect(yuan(n)).toBe(text);
  });

  it('agrees with toLocaleString on whole cents', () => {
    for (let c = -200_000; c <= 20_000_000; c += 9_973) {
      const n = c / 100;
      expect(yuan(n), String(n)).toBe(n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    }
  });
});
