/** UTC offsets of an IANA time zone, read through `Intl` once and cached, so hot paths never call `Intl`. */

const SECOND = 1000;
const DAY = 86_400_000;
/** Offsets are scanned in chunks of this many days, each sampled once a day. */
const CHUNK_DAYS = 32;
const CHUNK = CHUNK_DAYS * DAY;

/**
 * Offsets of one zone. "Local" time is the wall-clock reading expressed as epoch ms as if it were UTC
 * (`local = at + offsetAt(at)`), so calendar fields come from plain UTC arithmetic.
 */
export interface ZoneRules {
  readonly timeZone: string;
  /** Offset (local − UTC) in ms in effect at `at`. */
  offsetAt(at: number): number;
  /** First instant in (`at`, `limit`] at which the offset changes, or undefined. */
  nextOffsetChange(at: number, limit: number): number | undefined;
  /** Wall-clock reading of `at` as local ms. */
  toLocal(at: number): number;
  /**
   * The instant showing wall-clock `local`. As RFC 5545 §3.3.5 says: in a fall-back overlap the
   * first occurrence; in a spring-forward gap the offset from before the gap (so 02:30 in a
   * 02:00→03:00 gap is 03:30).
   */
  fromLocal(local: number): number;
}

/** Whether `timeZone` names a zone this runtime's `Intl` knows. */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
};

const cache = new Map<string, ZoneRules>();

/** The (cached) rules of `timeZone`, which must pass {@link isTimeZone}: `Intl` throws a RangeError otherwise. */
export const zoneRules = (timeZone: string): ZoneRules => {
  let rules = cache.get(timeZone);
  if (rules === undefined) {
    rules = makeZoneRules(timeZone);
    cache.set(timeZone, rules);
  }
  return rules;
};

/** A chunk's offsets: `offsets[0]` from `start`, `offsets[i + 1]` from `changes[i]`. */
interface Chunk {
  readonly start: number;
  readonly offsets: number[];
  readonly changes: number[];
}

const makeZoneRules = (timeZone: string): ZoneRules => {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  // Intl shows whole seconds, and tzdb changes offsets only on whole seconds.
  const intlOffset = (second: number): number => {
    const f: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(second * SECOND))) f[part.type] = Number(part.value);
    const shown = Date.UTC(
      f.year ?? 0,
      (f.month ?? 1) - 1,
      f.day ?? 1,
      f.hour ?? 0,
      f.minute ?? 0,
      f.second ?? 0,
    );
    return shown - second * SECOND;
  };
  // Samples once a day, so two changes within one day that cancel out are not seen (none in tzdb
  // since 1970 that we know of); a change found between samples is located to the second.
  const scan = (index: number): Chunk => {
    const start = index * CHUNK;
    let second = start / SECOND;
    let offset = intlOffset(second);
    const chunk: Chunk = { start, offsets: [offset], changes: [] };
    const lastSecond = (start + CHUNK) / SECOND - 1;
    while (second < lastSecond) {
      const sample = Math.min(second + DAY / SECOND, lastSecond);
      if (intlOffset(sample) === offset) {
        second = sample;
        continue;
      }
      let lo = second;
      let hi = sample;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffset(mid) === offset) lo = mid;
        else hi = mid;
      }
      offset = intlOffset(hi);
      chunk.offsets.push(offset);
      chunk.changes.push(hi * SECOND);
      second = hi;
    }
    return chunk;
  };
  const chunks = new Map<number, Chunk>();
  const chunkAt = (index: number): Chunk => {
    let chunk = chunks.get(index);
    if (chunk === undefined) {
      chunk = scan(index);
      chunks.set(index, chunk);
    }
    return chunk;
  };
  // The last segment of constant offset that was looked up: consecutive calls nearly always hit it.
  let segmentFrom = 0;
  let segmentUntil = 0;
  let segmentOffset = 0;

  const offsetAt = (at: number): number => {
    if (at >= segmentFrom && at < segmentUntil) return segmentOffset;
    const chunk = chunkAt(Math.floor(at / CHUNK));
    let i = 0;
    while (i < chunk.changes.length && (chunk.changes[i] as number) <= at) i++;
    segmentFrom = i === 0 ? chunk.start : (chunk.changes[i - 1] as number);
    segmentUntil = chunk.changes[i] ?? chunk.start + CHUNK;
    segmentOffset = chunk.offsets[i] as number;
    return segmentOffset;
  };

  const nextOffsetChange = (at: number, limit: number): number | undefined => {
    let current = offsetAt(at);
    for (let index = Math.floor(at / CHUNK); index * CHUNK <= limit; index++) {
      const chunk = chunkAt(index);
      // A change exactly on a chunk boundary is recorded by neither chunk.
      if (chunk.start > at && chunk.offsets[0] !== current) return chunk.start;
      const change = chunk.changes.find((c) => c > at);
      if (change !== undefined) return change <= limit ? change : undefined;
      current = chunk.offsets[chunk.offsets.length - 1] as number;
    }
    return undefined;
  };

  const fromLocal = (local: number): number => {
    // Offsets never exceed a day, so these two bracket every candidate.
    const before = offsetAt(local - DAY);
    const after = offsetAt(local + DAY);
    for (const offset of before >= after ? [before, after] : [after, before]) {
      if (offsetAt(local - offset) === offset) return local - offset;
    }
    return local - before;
  };

  return { timeZone, offsetAt, nextOffsetChange, toLocal: (at) => at + offsetAt(at), fromLocal };
};
