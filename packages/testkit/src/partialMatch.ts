/** Partial matching of events and snapshots, as scenario expectations write them. */

/** A value with some of its fields, recursively; arrays and plain values match exactly. */
export type PartialMatch<T> =
  T extends ReadonlyArray<unknown>
    ? T
    : T extends object
      ? { readonly [K in keyof T]?: PartialMatch<T[K]> }
      : T;

/**
 * Whether `actual` has every field of `expected` with a matching value: objects match on the fields
 * `expected` names, arrays element by element with the same length, everything else by `Object.is`
 * (so bigints and strings compare by value).
 */
export const matchesPartial = (actual: unknown, expected: unknown): boolean => {
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesPartial(actual[i], e))
    );
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => matchesPartial(record[k], v));
  }
  return Object.is(actual, expected);
};
