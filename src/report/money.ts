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

const DIGIT = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNIT = ['', '拾', '佰', '仟'];
const SECTION_UNIT = ['', '万', '亿', '万亿'];

/**
 * An amount in capital Chinese as a finance office writes it on a payment sheet (人民币大写),
 * from integer 分: 1198000 → 壹万壹仟玖佰捌拾元整, 168032 → 壹仟陆佰捌拾元零叁角贰分,
 * 32504 → 叁佰贰拾伍元零肆分. The rules of the 支付结算办法: 整 after 元 only; one 零 for a
 * run of zeros inside the number; 零 before 角 when the 元 digit is 0, and before 分 when 角 is;
 * 壹拾 (never a bare 拾) at the start.
 */
export function yuanInWords(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`not a whole number of 分: ${fen}`);
  if (fen < 0) return `负${yuanInWords(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  if (fen === 0) return '零元整';
  let out = yuan > 0 ? `${integerInWords(yuan)}元` : '';
  if (jiao === 0 && cent === 0) return `${out}整`;
  if (jiao > 0) out += `${yuan > 0 && yuan % 10 === 0 ? '零' : ''}${DIGIT[jiao]}角`;
  if (cent > 0) out += `${yuan > 0 && jiao === 0 ? '零' : ''}${DIGIT[cent]}分`;
  return out;
}

function integerInWords(n: number): string {
  const digits = String(n);
  let out = '';
  let zeros = false;
  let sectionHasDigit = false;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    const pos = digits.length - 1 - i;
    if (d === 0) zeros ||= out !== '';
    else {
      if (zeros) out += '零';
      zeros = false;
      out += DIGIT[d]! + SMALL_UNIT[pos % 4];
      sectionHasDigit = true;
    }
    if (pos % 4 === 0 && pos > 0) {
      // 壹拾万柒仟: the zeros that end a section read as its unit, not as 零; an all-zero
      // section (壹亿零壹仟) still needs one.
      if (sectionHasDigit) {
        out += SECTION_UNIT[pos / 4];
        zeros = false;
      }
      sectionHasDigit = false;
    }
  }
  return out;
}
