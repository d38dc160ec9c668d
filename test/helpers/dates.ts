// Dates written in tests: checked and branded (a mistyped one throws where it is written).
import { isoDate, parseMonth, type IsoMonth } from '../../src/calendar.js';

export const d = isoDate;

/** A month written in a test, 'YYYY-MM' exactly (no source line needs this: options go through parseMonth). */
export function m(text: string): IsoMonth {
  const month = parseMonth(text);
  if (month === null || month !== text) throw new Error(`not an ISO month: ${text}`);
  return month;
}
