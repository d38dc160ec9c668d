import { d, m } from './helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { addYears, ageOn, fromExcelSerial, fromUtcDate, fullYears, isoDate, lastDayOfMonth, makeDate, parseIsoDate, todayInChina } from '../src/calendar.js';

describe('fullYears (民法典 1259: 满 includes the day itself)', () => {
  it.each([
    ['2020-06-30', '2025-06-30', 5], // anniversary exactly on the end date
    ['2020-07-01', '2025-06-30', 4], // one day short
    ['2024-06-30', '2025-06-30', 1],
    ['2024-07-01', '2025-06-30', 0],
    ['2015-06-30', '2025-06-30', 10],
    ['2015-07-01', '2025-06-30', 9],
    ['2025-06-30', '2025-06-30', 0],
    ['2025-07-01', '2025-06-30', 0], // start after end
    // 29 February: the anniversary in a common year falls on 28 February (民法典 202)
    ['2016-02-29', '2017-02-27', 0],
    ['2016-02-29', '2017-02-28', 1],
    ['2016-02-29', '2020-02-28', 3],
    ['2016-02-29', '2020-02-29', 4],
    ['2016-02-29', '2021-02-28', 5],
  ])('from %s to %s is %i', (s, e, n) => {
    expect(fullYears(d(s), d(e))).toBe(n);
  });
});

describe('branded dates: a string becomes an IsoDate only through a check', () => {
  it.each([['2025-06-30', '2025-06-30'], ['2025-6-3', '2025-06-03'], [' 2024-02-29 ', '2024-02-29'], ['2025-02-29', null], ['2025/06/30', null], ['20250630', null]])(
    'parseIsoDate(%j) is %j',
    (text, iso) => expect(parseIsoDate(text)).toBe(iso),
  );
  it('isoDate, and the tests’ month m(), throw on what is not exactly one (a mistyped literal in code)', () => {
    expect(() => isoDate('2025-02-30')).toThrow();
    expect(() => isoDate('2025-6-3')).toThrow();
    expect(() => m('2025-13')).toThrow();
    expect(() => m('2025-6')).toThrow();
    expect(m('2025-06')).toBe('2025-06');
  });
});

describe('ageOn (周岁)', () => {
  it.each([
    [d('1990-03-12'), d('2025-03-11'), 34],
    [d('1990-03-12'), d('2025-03-12'), 35],
    [d('2000-02-29'), d('2001-02-28'), 1],
  ])('born %s, on %s is %i', (b, d, n) => expect(ageOn(b, d)).toBe(n));
});

describe('dates', () => {
  it('rejects impossible days', () => {
    expect(makeDate(2025, 2, 30)).toBeNull();
    expect(makeDate(2024, 2, 29)).toBe('2024-02-29');
    expect(makeDate(1900, 2, 29)).toBeNull(); // divisible by 100: common
    expect(makeDate(2100, 2, 29)).toBeNull();
    expect(makeDate(2000, 2, 29)).toBe('2000-02-29'); // divisible by 400: leap
    expect(lastDayOfMonth(m('2000-02'))).toBe('2000-02-29');
  });
  it('adds years with the 28 February rule', () => {
    expect(addYears(d('2024-02-29'), 1)).toBe('2025-02-28');
    expect(addYears(d('2024-02-29'), 4)).toBe('2028-02-29');
  });
  it('knows month ends', () => {
    expect(lastDayOfMonth(m('2024-02'))).toBe('2024-02-29');
    expect(lastDayOfMonth(m('2025-02'))).toBe('2025-02-28');
    expect(lastDayOfMonth(m('2025-06'))).toBe('2025-06-30');
  });
  it.each([
    [45839, false, d('2025-07-01')],
    [45838.75, false, d('2025-06-30')], // a time of day does not move the day
    [61, false, d('1900-03-01')],
    [59, false, d('1900-02-28')],
    [1, false, d('1900-01-01')],
    [60, false, null], // Excel's phantom 1900-02-29
    [44377, true, d('2025-07-01')], // 1904 system: 1462 days fewer
  ])('serial %d (1904: %s) is %s', (serial, is1904, iso) => {
    expect(fromExcelSerial(serial, is1904)).toBe(iso);
  });
  it('reads exceljs dates in UTC whatever TZ is', () => {
    expect(fromUtcDate(new Date('2025-06-01T00:00:00Z'))).toBe('2025-06-01');
    expect(fromUtcDate(new Date('2025-06-01T23:59:59Z'))).toBe('2025-06-01');
  });
  it('takes today in China', () => {
    expect(todayInChina(new Date('2025-06-30T16:30:00Z'))).toBe('2025-07-01');
    expect(todayInChina(new Date('2025-06-30T15:59:00Z'))).toBe('2025-06-30');
  });
});
