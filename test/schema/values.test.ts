import { d } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { textCell, type Cell } from '../../src/io/cell.js';
import { checkDigit, maskId, maskIdsIn, parseIdNumber } from '../../src/schema/id-number.js';
import { makeId } from '../helpers/sheets.js';
import { normalizeHeader } from '../../src/io/normalize.js';
import {
  levelFromCenterName,
  parseDate,
  parseEducation,
  parseId,
  parseLevel,
  parseMoney,
  parseOtherCerts,
  parseSkillGrade,
  parseYesNo,
} from '../../src/schema/values.js';

const t = (s: string): Cell => textCell(s);
const n = (v: number): Cell => ({ t: 'number', v });

describe('dates in every form (docs/contract.md §3.4)', () => {
  it.each<[Cell, string]>([
    [{ t: 'date', v: d('2025-06-01'), raw: d('2025-06-01') }, d('2025-06-01')],
    [n(45809), d('2025-06-01')], // a serial number, e.g. built-in format 31 read back
    [n(20250601), d('2025-06-01')], // yyyymmdd typed as a number
    [t('2025-06-01'), d('2025-06-01')],
    [t('2025/6/1'), d('2025-06-01')],
    [t('2025.6.1'), d('2025-06-01')],
    [t('2025年6月1日'), d('2025-06-01')],
    [t('2025 年 6 月 1 日'), d('2025-06-01')],
    [t('２０２５年６月１日'), d('2025-06-01')], // full-width digits
    [t('20250601'), d('2025-06-01')],
    [t('2025-06-01 00:00:00'), d('2025-06-01')],
    [t('45809'), d('2025-06-01')], // a serial saved as text
  ])('%j → %s', (cell, iso) => {
    const r = parseDate(cell);
    expect(r).toMatchObject({ ok: true, value: iso });
    expect(r.ok && r.warn).toBeFalsy();
  });
  it('reads 1904-system serials', () => {
    expect(parseDate(n(44347), true)).toMatchObject({ ok: true, value: d('2025-06-01') });
  });
  it.each([t('2025-06'), t('2025年6月'), t('2025/6'), t('202506')])('month only %j → first day with DATE_IMPRECISE', (cell) => {
    expect(parseDate(cell)).toMatchObject({ ok: true, value: d('2025-06-01'), warn: { code: 'DATE_IMPRECISE' } });
  });
  it.each([t('2025-02-30'), t('2025-13-01'), t('明年'), t('2025-6-31'), n(20250230), n(-3), { t: 'error', v: '#N/A' } as Cell])(
    '%j is DATE_INVALID',
    (cell) => {
      expect(parseDate(cell)).toMatchObject({ ok: false, code: 'DATE_INVALID' });
    },
  );
  it('blank and formula without result are VALUE_REQUIRED', () => {
    expect(parseDate({ t: 'empty' })).toMatchObject({ ok: false, code: 'VALUE_REQUIRED' });
    expect(parseDate({ t: 'no-result', formula: 'A1' })).toMatchObject({ ok: false, code: 'VALUE_REQUIRED' });
  });
});

describe('skill grade: whole tokens, longest first', () => {
  it.each([
    ['五级/初级工', 5], ['五级', 5], ['初级工', 5], ['初级', 5], ['5级', 5], ['五级（初级工）', 5], ['初级工/五级', 5],
    ['四级/中级工', 4], ['四级', 4], ['中级工', 4], ['中级', 4], ['4级', 4],
    ['三级/高级工', 3], ['三级', 3], ['高级工', 3], ['高级', 3], ['3级', 3],
    ['二级/技师', 2], ['二级', 2], ['技师', 2], ['2级', 2],
    ['一级/高级技师', 1], ['一级', 1], ['高级技师', 1], ['1级', 1], ['高級技師', 1], ['一級/高級技師', 1],
  ])('%s → %i', (text, grade) => {
    expect(parseSkillGrade(t(text))).toEqual({ ok: true, value: grade });
  });
  it('高级技师 is never 高级', () => expect(parseSkillGrade(t('高级技师'))).toEqual({ ok: true, value: 1 }));
  it.each(['', '无', '未取证'])('%j is no certificate', (text) => {
    expect(parseSkillGrade(text ? t(text) : { t: 'empty' })).toEqual({ ok: true, value: undefined });
  });
  it.each(['特级', '五级/中级工', '6级', '高级技师/技师'])('%s is VALUE_INVALID', (text) => {
    expect(parseSkillGrade(t(text))).toMatchObject({ ok: false, code: 'VALUE_INVALID' });
  });
});

describe('education (GB/T 4658)', () => {
  it.each([
    ['博士', 'doctorate'], ['博士研究生', 'doctorate'],
    ['硕士', 'master'], ['硕士研究生', 'master'], ['研究生', 'master'], ['研究生毕业', 'master'], ['碩士', 'master'],
    ['本科', 'bachelor'], ['大学本科', 'bachelor'], ['大学', 'bachelor'], ['本科学历', 'bachelor'], ['全日制本科', 'bachelor'],
    ['大专', 'college'], ['专科', 'college'], ['大学专科', 'college'], ['高职', 'college'], ['大专毕业', 'college'],
    ['中专', 'below_college'], ['中技', 'below_college'], ['技校', 'below_college'], ['高中', 'below_college'],
    ['职高', 'below_college'], ['初中', 'below_college'], ['小学', 'below_college'],
  ])('%s → %s', (text, value) => {
    const r = parseEducation(t(text));
    expect(r).toMatchObject({ ok: true, value });
    expect(r.ok && r.warn).toBeFalsy();
  });
  it.each([
    ['在职研究生', 'master'],
    ['本科结业', 'bachelor'],
    ['大专肄业', 'college'],
  ])('%s → %s with EDUCATION_AMBIGUOUS', (text, value) => {
    expect(parseEducation(t(text))).toMatchObject({ ok: true, value, warn: { code: 'EDUCATION_AMBIGUOUS' } });
  });
  it('blank is VALUE_REQUIRED, unknown is VALUE_INVALID', () => {
    expect(parseEducation({ t: 'empty' })).toMatchObject({ ok: false, code: 'VALUE_REQUIRED' });
    expect(parseEducation(t('党校'))).toMatchObject({ ok: false, code: 'VALUE_INVALID' });
  });
});

describe('yes/no, money, level, certificates', () => {
  it.each([['是', true], ['否', false], ['Y', true], ['n', false], ['yes', true], ['FALSE', false], ['1', true], ['0', false], ['√', true], ['×', false]])(
    '%s → %s',
    (text, v) => expect(parseYesNo(t(text))).toEqual({ ok: true, value: v }),
  );
  it('reads booleans and numbers', () => {
    expect(parseYesNo({ t: 'bool', v: true })).toEqual({ ok: true, value: true });
    expect(parseYesNo(n(0))).toEqual({ ok: true, value: false });
    expect(parseYesNo(t('也许'))).toMatchObject({ ok: false, code: 'VALUE_INVALID' });
  });
  it.each<[Cell, number]>([[n(3000), 3000], [t('3,000.50'), 3000.5], [t('￥2800'), 2800], [t('2800元'), 2800], [n(0), 0]])('money %j → %d', (c, v) =>
    expect(parseMoney(c)).toEqual({ ok: true, value: v }),
  );
  it('rejects negative or wordy money', () => {
    expect(parseMoney(n(-1))).toMatchObject({ ok: false, code: 'VALUE_INVALID' });
    expect(parseMoney(t('三千'))).toMatchObject({ ok: false, code: 'VALUE_INVALID' });
  });
  it.each([['区级', 'district'], ['镇街', 'town'], ['镇(街)', 'town'], ['街道', 'town'], ['村社区', 'village'], ['村（社区）', 'village'], ['區級', 'district']])(
    'level %s → %s',
    (text, v) => expect(parseLevel(t(text))).toEqual({ ok: true, value: v }),
  );
  it.each([
    ['宿城区政务服务中心', 'district'],
    ['宿城区市民服务中心', 'district'],
    ['耿车镇便民服务中心', 'town'],
    ['项里街道便民服务中心', 'town'],
    ['耿车镇大众社区便民服务站', 'village'],
    ['红星村便民服务站', 'village'],
    ['开发区服务点', null],
  ])('centre %s → %s', (name, level) => expect(levelFromCenterName(name)).toBe(level));
  it('splits other certificates and lists the unknown', () => {
    expect(parseOtherCerts(t('社会工作师、驾驶证；初级社工\n教师资格证'))).toEqual({
      certs: ['assistant_social_worker', 'social_worker'],
      unknown: ['驾驶证', '教师资格证'],
    });
    expect(parseOtherCerts(t('高级社工'))).toEqual({ certs: ['senior_social_worker'], unknown: [] });
  });
});

describe('ID numbers (GB 11643-1999)', () => {
  const id = '11010519491231002X'; // the standard's own example
  it('checks the ISO 7064 MOD 11-2 digit', () => {
    expect(checkDigit(id.slice(0, 17))).toBe('X');
    expect(parseIdNumber(id)).toMatchObject({ ok: true, id, birthDate: d('1949-12-31') });
    expect(parseIdNumber(id.toLowerCase())).toMatchObject({ ok: true, id });
  });
  it('converts 15-digit numbers', () => {
    expect(parseIdNumber('110105491231002')).toMatchObject({ ok: true, id: '11010519491231002X', converted: true });
  });
  it.each(['110105194912310021', '1101051949123100', '110105194902300020', 'ABCDEFGHIJKLMNOPQR'])('%s is invalid', (s) => {
    expect(parseIdNumber(s).ok).toBe(false);
  });
  it('rejects an ID typed as a number: its digits are already lost', () => {
    expect(parseId(n(110105194912310020))).toMatchObject({ ok: false, code: 'ID_INVALID' });
  });
  it('masks', () => expect(maskId('321302199003120119')).toBe('321302********0119'));
  // The two examples printed in GB 11643-1999 itself: vectors independent of checkDigit().
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('published example %s has check digit %s', (first17, digit) => expect(checkDigit(first17)).toBe(digit));
  it('refuses a birth year before 1900 (no clerk was born then): the number is mistyped', () => {
    expect(parseIdNumber('440524188001010014')).toEqual({ ok: false, reason: '其中的出生年份 1880 早于 1900 年，可能有数字录错' });
    expect(parseIdNumber(makeId('19000101', 1))).toMatchObject({ ok: true, birthDate: d('1900-01-01') });
  });
  it('masks an 18-digit number in a text whatever its birth year: it may still be someone’s ID', () => {
    expect(maskIdsIn('号码 440524188001010014 错')).toBe('号码 440524********0014 错');
  });
});

describe('skill grade tokens are whole: a number beside one is not that grade', () => {
  it.each(['15级', '25级', '3级5', '三级2'])('%s is invalid', (text) => expect(parseSkillGrade(t(text)).ok).toBe(false));
  it.each<[string, number]>([['5级', 5], ['五级/初级工', 5], ['高级技师', 1], ['三级（高级工）', 3]])('%s is %i', (text, g) =>
    expect(parseSkillGrade(t(text))).toMatchObject({ ok: true, value: g }),
  );
});

describe('header normalization (docs/contract.md §3)', () => {
  it.each([
    ['姓 名', '姓名'],
    ['姓\n名', '姓名'],
    ['身份證號碼', '身份证号码'],
    ['基本工资（元）', '基本工资'],
    ['基本工资(元)', '基本工资'],
    ['*姓名', '姓名'],
    ['　所屬中心　', '所属中心'],
    ['ＩＤ', 'id'],
  ])('%j → %s', (raw, norm) => expect(normalizeHeader(raw)).toBe(norm));
});

// Issue 21 #5: a 身份证号 stored as a number has lost its last digits: said as such, quoting the
// digits the file really holds, never diagnosed as a wrong check digit.
describe('an ID number stored as a number', () => {
  it.each<[number, boolean, string, RegExp]>([
    [321302199003121234, false, '321302199003121000', /以数字格式保存.*文件中是 321302199003121 后面补 0，末 3 位已丢失/],
    [3213021990031, false, '3213021990031', /以数字格式保存，只有 13 位数字/],
  ])('%d', (v, ok, shown, detail) => {
    const r = parseId({ t: 'number', v });
    expect(r.ok).toBe(ok);
    if (r.ok) return;
    expect(r.code).toBe('ID_INVALID');
    expect(r.data.value).toBe(shown);
    expect(r.data.detail).toMatch(detail);
    expect(r.data.detail).not.toMatch(/校验码/);
  });
  it('an old 15-digit number survives as a number and is read', () => {
    const r = parseId({ t: 'number', v: 321302900312123 });
    expect(r.ok && r.value.id).toBe(`32130219900312123${checkDigit('32130219900312123')}`);
  });
  it('the roster reads a number cell as a number, not as its digits', async () => {
    const { parseRosterRow } = await import('../../src/schema/roster.js');
    const cells: Record<string, Cell> = {
      name: { t: 'text', v: '甲' },
      center: { t: 'text', v: '耿车镇便民服务中心' },
      education: { t: 'text', v: '本科' },
      startDate: { t: 'text', v: '2020-01-01' },
      idNumber: { t: 'number', v: 321302199003121234 },
    };
    const e = parseRosterRow({ row: 4, get: (k) => cells[k] ?? { t: 'empty' } });
    expect(e.issues.map((i) => [i.code, (i.data as { value?: string }).value])).toEqual([['ID_INVALID', '321302199003121000']]);
  });
});
