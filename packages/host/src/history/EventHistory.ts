/**
 * Queries over the event journal by time, door, zone, cardholder and type, page by page (keyset on
 * `seq`). Block filters (`JournalBlooms`) pick the blocks of `seq`s that may match; only those are
 * read, and every event read is matched exactly.
 */
import type { Database, Journal } from "../store";
import { eventKeys, keyOf, type KeyedEvent, typedKey } from "./eventKeys";
import type { BloomFilter } from "./BloomFilter";
import type { EventQuery } from "./EventQuery";
import { blockOf, blockSeqs, type JournalBlooms } from "./JournalBlooms";

/** One page of a query: its events in order, and the `after` of the next page (absent: no more). */
export interface EventPage<E = KeyedEvent> {
  readonly events: ReadonlyArray<E>;
  readonly next?: number;
}

/** Default page size. */
export const DEFAULT_PAGE = 100;
/** Blocks whose filters are loaded at once: a page that fills early reads no more of them. */
const BLOCKS_PER_LOAD = 64;

/** A group of keys of which an event must have one; `literal` is text every matching row contains. */
interface KeyGroup {
  readonly keys: ReadonlyArray<string>;
  readonly literal?: string;
}

/** The doors of a zone (the query's `zoneId` also matches events at them); `undefined`: unknown zone. */
export type ZoneDoors = (zoneId: string) => ReadonlyArray<string> | undefined;

const groupsOf = (query: EventQuery, zoneDoors: ZoneDoors): KeyGroup[] => {
  const groups: KeyGroup[] = [];
  const ids = (kind: "d" | "c", values: ReadonlyArray<string>): KeyGroup => ({
    keys: values.map((v) => keyOf(kind, v)),
    ...(values.length === 1 && { literal: JSON.stringify(values[0]) }),
  });
  if (query.doorIds !== undefined) groups.push(ids("d", query.doorIds));
  if (query.cardholderId !== undefined) groups.push(ids("c", [query.cardholderId]));
  if (query.types !== undefined) groups.push({ keys: query.types.map((t) => keyOf("t", t)) });
  if (query.zoneId !== undefined)
    groups.push({
      keys: [keyOf("z", query.zoneId), ...(zoneDoors(query.zoneId) ?? []).map((d) => keyOf("d", d))],
    });
  return groups;
};

const matches = (event: KeyedEvent, groups: ReadonlyArray<KeyGroup>, query: EventQuery): boolean => {
  if (query.from !== undefined && event.at < query.from) return false;
  if (query.to !== undefined && event.at >= query.to) return false;
  if (groups.length === 0) return true;
  const keys = new Set<string>();
  eventKeys(event, (key) => keys.add(key));
  return groups.every((g) => g.keys.some((k) => keys.has(k)));
};

/** Whether a block's filter allows a match: every group has a key in it, with one of `types` if given. */
const mayMatch = (
  filter: BloomFilter,
  groups: ReadonlyArray<KeyGroup>,
  types: ReadonlyArray<string> | undefined,
): boolean =>
  groups.every((g) =>
    g.keys.some((k) =>
      types === undefined || k.startsWith("t:")
        ? filter.mayHave(k)
        : types.some((t) => filter.mayHave(typedKey(t, k))),
    ),
  );

/** The event history of one journal. */
export class EventHistory {
  constructor(
    private readonly db: Database,
    private readonly journal: Pick<Journal, "head" | "oldest" | "firstSeqFrom">,
    private readonly blooms: JournalBlooms,
    private readonly zoneDoors: ZoneDoors,
  ) {}

  /** The `seq` range `[lo, hi]` a query can match, from its times and cursor; empty when lo > hi. */
  private async bounds(query: EventQuery): Promise<[number, number]> {
    const head = this.journal.head();
    let lo =
      query.from === undefined
        ? ((await this.journal.oldest()) ?? 1)
        : await this.journal.firstSeqFrom(query.from);
    let hi = query.to === undefined ? head : await this.journal.firstSeqFrom(query.to);
    if (query.after !== undefined) {
      if ((query.order ?? "desc") === "desc") hi = Math.min(hi, query.after - 1);
      else lo = Math.max(lo, query.after + 1);
    }
    return [lo, Math.min(hi, head)];
  }

  /** One page of the events matching `query`. */
  async query(query: EventQuery): Promise<EventPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const desc = (query.order ?? "desc") === "desc";
    const groups = groupsOf(query, this.zoneDoors);
    const [lo, hi] = await this.bounds(query);
    const events: KeyedEvent[] = [];
    if (lo > hi) return { events };
    const literal = groups.find((g) => g.literal !== undefined)?.literal;
    const types = query.types;
    const sql =
      "SELECT json FROM journal WHERE seq BETWEEN ? AND ?" +
      (literal !== undefined ? " AND instr(json, ?) > 0" : "") +
      (types !== undefined ? ` AND type IN (${types.map(() => "?").join(",")})` : "") +
      ` ORDER BY seq ${desc ? "DESC" : "ASC"}`;
    const first = blockOf(lo);
    const last = blockOf(hi);
    const step = desc ? -1 : 1;
    for (
      let start = desc ? last : first;
      desc ? start >= first : start <= last;
      start += step * BLOCKS_PER_LOAD
    ) {
      const end = desc
        ? Math.max(first, start - BLOCKS_PER_LOAD + 1)
        : Math.min(last, start + BLOCKS_PER_LOAD - 1);
      const filters =
        groups.length === 0 ? new Map() : await this.blooms.load(Math.min(start, end), Math.max(start, end));
      for (let block = start; desc ? block >= end : block <= end; block += step) {
        const filter = filters.get(block);
        if (filter !== undefined && !mayMatch(filter, groups, types)) continue;
        const [bFirst, bLast] = blockSeqs(block);
        // A page reads at most what it needs past its limit: the rest of the block's rows.
        const rows = await this.db.all<{ json: string }>(sql, [
          Math.max(lo, bFirst),
          Math.min(hi, bLast),
          ...(literal !== undefined ? [literal] : []),
          ...(types ?? []),
        ]);
        for (const row of rows) {
          const event = JSON.parse(row.json) as KeyedEvent;
          if (!matches(event, groups, query)) continue;
          events.push(event);
          if (events.length === limit) return { events, next: event.seq };
        }
      }
    }
    return { events };
  }

  /** Every event matching `query` (its `limit` is the page size), page after page, in order. */
  async *all(query: EventQuery): AsyncGenerator<KeyedEvent> {
    let page = await this.query(query);
    for (;;) {
      yield* page.events;
      if (page.next === undefined) return;
      page = await this.query({ ...query, after: page.next });
    }
  }
}
