// Dates written in tests: checked and branded (a mistyped one throws where it is written).
import { isoDate, isoMonth } from '../../src/calendar.js';

export const d = isoDate;
export const m = isoMonth;
