/**
 * Bloom filters over blocks of journal `seq`s, so a history query reads only the blocks that may
 * hold what it asks for. They are built off the commit path, from committed events, and written
 * once a block is full; a block without a filter (a crash before it was written, a journal older
 * than the filters) is simply read, so a query is never wrong, at worst slower.
 */
import type { Observable, Subscription } from "rxjs";
import type { Database } from "../store";
import { BloomFilter } from "./BloomFilter";
import { filterKeys, type KeyedEvent } from "./eventKeys";

/** `seq`s per block: 4 096 (a block's rows are read in a few milliseconds). */
export const BLOCK_SHIFT = 12;
const BLOCK_SIZE = 1 << BLOCK_SHIFT;

/** The block a `seq` belongs to. */
export const blockOf = (seq: number): number => Math.floor(seq / BLOCK_SIZE);
/** The first and last `seq` of a block. */
export const blockSeqs = (block: number): readonly [number, number] => [
  block * BLOCK_SIZE,
  (block + 1) * BLOCK_SIZE - 1,
];

/**
 * Filters kept in memory: a full block's filter never changes, and reading 16 KiB blobs back costs
 * more than the rest of a query. 1 024 filters (16 MiB) cover the last ~4 million events.
 */
const CACHED_FILTERS = 1_024;

interface Building {
  readonly block: number;
  readonly filter: BloomFilter;
  /** Every `seq` of the block so far went into the filter. */
  whole: boolean;
  lastSeq: number;
}

/** Reads and writes the block filters of one journal. */
export class JournalBlooms {
  private building: Building | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly cache = new Map<number, BloomFilter>();

  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Follows committed events, writing each block's filter once the block is full. */
  follow(committed$: Observable<KeyedEvent>): Subscription {
    return committed$.subscribe((event) => this.observe(event));
  }

  private observe(event: KeyedEvent): void {
    const block = blockOf(event.seq);
    let b = this.building;
    if (b?.block !== block) {
      b = {
        block,
        filter: BloomFilter.empty(),
        whole: event.seq === blockSeqs(block)[0],
        lastSeq: event.seq - 1,
      };
      this.building = b;
    }
    if (event.seq !== b.lastSeq + 1) b.whole = false;
    b.lastSeq = event.seq;
    filterKeys(event, (key) => b.filter.add(key));
    if (event.seq !== blockSeqs(block)[1]) return;
    this.building = undefined;
    const done = b;
    // A block this process saw only in part (started mid-block) is read back from the journal.
    this.queue(async () => this.store(block, done.whole ? done.filter : await this.fromRows(block)));
  }

  private queue(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch(this.onError);
  }

  private async store(block: number, filter: BloomFilter): Promise<void> {
    await this.db.run("INSERT OR REPLACE INTO journal_blooms (block, bits) VALUES (?, ?)", [
      block,
      filter.bits,
    ]);
    this.remember(block, filter);
  }

  private remember(block: number, filter: BloomFilter): void {
    this.cache.delete(block);
    this.cache.set(block, filter);
    // Oldest in first: the blocks a busy site queries most are its latest.
    if (this.cache.size > CACHED_FILTERS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The filter of a committed block, built from its rows. */
  private async fromRows(block: number): Promise<BloomFilter> {
    const [first, last] = blockSeqs(block);
    const rows = await this.db.all<{ json: string }>("SELECT json FROM journal WHERE seq BETWEEN ? AND ?", [
      first,
      last,
    ]);
    const filter = BloomFilter.empty();
    for (const row of rows) filterKeys(JSON.parse(row.json) as KeyedEvent, (key) => filter.add(key));
    return filter;
  }

  /**
   * Writes the filters of full blocks up to `head` that have none (after a crash, or a journal
   * journalled before filters existed), oldest first; resolves once they are written.
   */
  async catchUp(head: number): Promise<void> {
    const lastFull = blockOf(head + 1) - 1;
    const oldest = await this.db.get<{ seq: number | null }>("SELECT min(seq) AS seq FROM journal");
    if (oldest?.seq == null || lastFull < 0) return;
    const have = new Set(
      (
        await this.db.all<{ block: number }>("SELECT block FROM journal_blooms WHERE block BETWEEN ? AND ?", [
          blockOf(oldest.seq),
          lastFull,
        ])
      ).map((r) => r.block),
    );
    for (let block = blockOf(oldest.seq); block <= lastFull; block++)
      if (!have.has(block)) await this.store(block, await this.fromRows(block));
  }

  /** Waits for the filter writes under way. */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** The stored filters of blocks `from`…`to`, from memory where it has them. */
  async load(from: number, to: number): Promise<Map<number, BloomFilter>> {
    const filters = new Map<number, BloomFilter>();
    let missing: number | undefined;
    for (let block = to; block >= from; block--) {
      const cached = this.cache.get(block);
      if (cached !== undefined) filters.set(block, cached);
      else missing ??= block;
    }
    if (missing === undefined) return filters;
    // The open block at the head never has a filter: only the blocks below the highest missing one are read.
    const rows = await this.db.all<{ block: number; bits: Uint8Array }>(
      "SELECT block, bits FROM journal_blooms WHERE block BETWEEN ? AND ?",
      [from, missing],
    );
    for (const row of rows) {
      if (filters.has(row.block)) continue;
      const filter = BloomFilter.of(row.bits);
      if (filter === undefined) continue;
      filters.set(row.block, filter);
      this.remember(row.block, filter);
    }
    return filters;
  }
}
