// What reaches a terminal: control characters made visible, our own colours kept, ID numbers masked.
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/text.js';
import { colors } from '../../src/cli/terminal.js';
import { maskIdsIn } from '../../src/schema/id-number.js';

describe('maskIdsIn', () => {
  it.each<[string, string]>([
    ['工号 11010519491231002X 重复', '工号 110105********002X 重复'],
    ['check digit wrong, still someone’s: 110105194912310029', 'check digit wrong, still someone’s: 110105********0029'],
    ['15 digits (old number): 110105491231002', '15 digits (old number): 110105*****1002'],
    ['two: 11010519491231002X、11010519491231002x', 'two: 110105********002X、110105********002x'],
    ['no such birth date: 110105194913310029', 'no such birth date: 110105194913310029'],
    ['a 16-digit card number: 6222021234567890', 'a 16-digit card number: 6222021234567890'],
    ['19 digits: 1101051949123100291', '19 digits: 1101051949123100291'],
    ['inside a code: A11010519491231002X', 'inside a code: A11010519491231002X'],
    ['amounts: 3,000.00 and 123456789012345.5', 'amounts: 3,000.00 and 123456789012345.5'],
  ])('%s', (text, shown) => expect(maskIdsIn(text)).toBe(shown));
});

describe('printable', () => {
  it.each<[string, string, boolean, string]>([
    ['clear screen', '甲\u001b[2J乙', false, '甲\\u001b[2J乙'],
    ['window title (OSC … BEL)', '\u001b]0;pwned\u0007', false, '\\u001b]0;pwned\\u0007'],
    ['hidden text, even with colour on', '\u001b[8m秘密', true, '\\u001b[8m秘密'],
    ['C1 CSI', '\u009b2J', false, '\\u009b2J'],
    ['direction override', 'abc\u202Efed', false, 'abc\\u202efed'],
    ['our own red, colour on', '\u001b[31m[错误]\u001b[39m 第 2 行', true, '\u001b[31m[错误]\u001b[39m 第 2 行'],
    ['our own red, colour off: escaped', '\u001b[31m红\u001b[39m', false, '\\u001b[31m红\\u001b[39m'],
    ['line breaks stay (--explain is many lines)', '一\n二', false, '一\n二'],
    ['an ID number inside, masked', '文件 11010519491231002X.csv', false, '文件 110105********002X.csv'],
  ])('%s', (_name, text, colour, shown) => expect(printable(text, colour)).toBe(shown));
});

describe('the terminal’s own colours', () => {
  const on = colors(true);
  it.each(['bold', 'red', 'green', 'yellow', 'cyan'] as const)('%s survives printable() when colour is on, and is made visible when it is off', (name) => {
    const text = on[name]('各月都已报送');
    expect(text).toMatch(/^\u001b\[\d+m各月都已报送\u001b\[\d+m$/);
    expect(printable(text, true)).toBe(text);
    expect(printable(text, false)).not.toContain('\u001b');
  });
  it('colour off: the text alone', () => {
    const off = colors(false);
    expect([off.bold('a'), off.red('b'), off.level]).toEqual(['a', 'b', 0]);
  });
});
