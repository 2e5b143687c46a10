/** Failed `hello`s per remote address: a token guesser is slowed to a few tries a minute, and logged. */
import type { EngineClock } from "@portcullis/engine";
import { type RateLimit, TokenBucket } from "./TokenBucket";

/** Addresses tracked at most; past it, those back to a full allowance are forgotten. */
const MAX_ADDRESSES = 10_000;

/** Counts failed hellos per address in a token bucket each; an address with none left is refused without a lookup. */
export class HelloGuard {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: EngineClock,
  ) {}

  /** Whether `address` has used up its failed hellos for now. */
  blocked(address: string): boolean {
    return this.buckets.get(address)?.available() === false;
  }

  /** Counts a failed hello from `address`. */
  failed(address: string): void {
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_ADDRESSES)
        for (const [a, b] of this.buckets) if (b.full()) this.buckets.delete(a);
      bucket = new TokenBucket(this.limit, this.clock);
      this.buckets.set(address, bucket);
    }
    bucket.take();
  }
}
