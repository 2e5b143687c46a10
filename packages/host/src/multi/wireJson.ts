/** The JSON of a message between servers: card numbers and facility codes (bigints) as decimal strings, as on the feed. */
export const wireJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
