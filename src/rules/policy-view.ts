// What the rules need from a policy: parameter values "as of" a date. Rules take this
// interface, not a file, so tests can hand them any policy.
import type { IsoDate } from '../calendar.js';
import type { ResolvedParam } from '../policy/policy.js';
import type { ParamPath, ParamValue } from '../policy/schema.js';

export interface PolicyView {
  effective: IsoDate;
  at<P extends ParamPath>(path: P, date: IsoDate): ResolvedParam<ParamValue<P>>;
}

/** Records every parameter a run used, for the 政策参数 sheet. */
export function recordingView(policy: PolicyView): PolicyView & { used: Map<string, ResolvedParam<unknown>> } {
  const used = new Map<string, ResolvedParam<unknown>>();
  const seen = new Set<ResolvedParam<unknown>>(); // resolved values are cached objects: cheap to test
  return {
    effective: policy.effective,
    used,
    at(path, date) {
      const r = policy.at(path, date);
      if (!seen.has(r)) {
        seen.add(r);
        used.set(`${r.path}@${r.from}`, r);
      }
      return r;
    },
  };
}
