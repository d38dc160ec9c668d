// A checked policy, and the one question the rules ask of it: "what was parameter P on date D,
// and where does it come from". Nothing here reads or checks a file (load.ts and open.ts do).
import { createHash } from 'node:crypto';
import type { IsoDate } from '../calendar.js';
import type { ParamPath, ParamValue, PolicyFile } from './schema.js';

export interface ResolvedParam<V> {
  path: ParamPath;
  value: V;
  from: IsoDate;
  clause: string;
  description: string;
  quote?: string;
  note?: string;
  /** The document a value came from when it is not the policy file's own. */
  document?: string;
}

export interface Policy {
  file: PolicyFile;
  source: string; // file path, for messages
  text: string; // as read (at most MAX_POLICY_BYTES), for `policy show`
  sha256: string;
  builtin: boolean;
  /** Parameters the file lacked, taken from the built-in policy (an older export). */
  filled: readonly ParamPath[];
  /** The value in force on `date`; before the first `from`, the first value (see README). */
  at<P extends ParamPath>(path: P, date: IsoDate): ResolvedParam<ParamValue<P>>;
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The policy of a file already checked against the schema, `text` being what was read. */
export function policyOf(file: PolicyFile, text: string, source: string, builtin: boolean, filled: readonly ParamPath[] = []): Policy {
  const cache = new Map<ParamPath, Map<IsoDate, ResolvedParam<unknown>>>();
  return {
    file,
    source,
    text,
    sha256: sha256Of(text),
    builtin,
    filled,
    at(path, date) {
      // Called for every clerk and item: answer repeated questions from a cache.
      let byDate = cache.get(path);
      if (!byDate) cache.set(path, (byDate = new Map()));
      const hit = byDate.get(date);
      if (hit) return hit as never;
      const resolved = resolve(path, date);
      byDate.set(date, resolved);
      return resolved as never;
    },
  };
  function resolve(path: ParamPath, date: IsoDate): ResolvedParam<unknown> {
    const [section, key] = path.split('.') as [keyof PolicyFile['parameters'], string];
    const param = (file.parameters[section] as Record<string, PolicyParam>)[key]!;
    let chosen = param.values[0]!;
    for (const v of param.values) if (v.from <= date) chosen = v;
    // A value of another document cites it (宿区政办发〔2026〕1号第二条) and only its own quote.
    const other = chosen.document !== undefined && chosen.document !== file.document;
    const clause = other ? `${chosen.document}${chosen.clause ?? ''}` : (chosen.clause ?? param.clause);
    const quote = other ? chosen.quote : (chosen.quote ?? param.quote);
    return {
      path,
      value: chosen.value,
      from: chosen.from,
      clause,
      description: param.description,
      ...(quote ? { quote } : {}),
      ...(param.note ? { note: param.note } : {}),
      ...(other ? { document: chosen.document } : {}),
    };
  }
}

interface PolicyParam {
  description: string;
  clause: string;
  quote?: string;
  note?: string;
  values: Array<{ from: IsoDate; value: unknown; document?: string; clause?: string; quote?: string }>;
}
