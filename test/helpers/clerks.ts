import { d } from './dates.js';
import type { Clerk } from '../../src/domain.js';
import type { ParamPath } from '../../src/policy/schema.js';
import type { IsoDate } from '../../src/calendar.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { PolicyView } from '../../src/rules/policy-view.js';
import type { RosterEntry } from '../../src/schema/roster.js';

export const builtin = loadPolicy();
export const policy: PolicyView = { effective: builtin.file.effective, at: builtin.at };

/** A bachelor with no certificate, on post since 2020, at a town centre. */
export function clerk(over: Partial<Clerk> = {}): Clerk {
  return {
    row: 5,
    staffId: 'E001',
    employeeNo: 'E001',
    name: '张三',
    center: '耿车镇便民服务中心',
    level: 'town',
    levelSource: 'name',
    education: 'bachelor',
    startDate: d('2020-01-01'),
    otherCerts: [],
    ...over,
  };
}

export function entry(c: Clerk): RosterEntry {
  return {
    row: c.row,
    staffId: c.staffId,
    name: c.name,
    center: c.center,
    clerk: c,
    issues: [],
    blocking: [],
    ...(c.employeeNo ? { employeeNo: c.employeeNo } : {}),
    ...(c.idNumber ? { idNumber: c.idNumber } : {}),
  };
}

/** The built-in policy with some parameters' values replaced (clause and dates kept). */
export function withValues(over: Partial<Record<ParamPath, unknown>>): PolicyView {
  return {
    effective: policy.effective,
    at: ((path: ParamPath, date: IsoDate) => {
      const r = policy.at(path, date);
      return Object.hasOwn(over, path) ? { ...r, value: over[path] } : r;
    }) as PolicyView['at'],
  };
}
