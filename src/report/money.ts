// Amounts as people read them.

/**
 * 1,234.50: two decimals, thousands separated. Not toLocaleString: its first call loads ICU's
 * number formatting, a twentieth of a small payroll's run. Amounts are whole cents already.
 */
export function yuanText(n: number): string {
  const [int, frac] = Math.abs(n).toFixed(2).split('.') as [string, string];
  const sign = n < 0 && int + frac !== '000' ? '-' : '';
  return `${sign}${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
}
