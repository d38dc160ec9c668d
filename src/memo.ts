// A bounded cache for pure functions of a string.

/**
 * Memoizes a pure function of a string: a roster repeats a few dozen spellings (学历, 等级,
 * months, ratings) and a few thousand dates across a million rows. Bounded, so hostile input
 * cannot grow it without end.
 */
export function memo<T, S extends string = string>(f: (s: S) => T, max = 10_000): (s: S) => T {
  const cache = new Map<S, T>();
  return (s) => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    const v = f(s);
    if (cache.size < max) cache.set(s, v);
    return v;
  };
}
