/** A token bucket: the per-connection message rate limit. */
import type { EngineClock } from "@portcullis/engine";

/** Rate and burst of a bucket. */
export interface RateLimit {
  /** Messages per second refilled. */
  readonly perSecond: number;
  /** Messages a full bucket allows at once. */
  readonly burst: number;
}

/** Starts full; each message takes one token; tokens refill continuously up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: EngineClock,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) * this.limit.perSecond) / 1000);
    this.last = now;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token is there to take, without taking it. */
  available(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Whether the bucket is back to its whole burst. */
  full(): boolean {
    this.refill();
    return this.tokens >= this.limit.burst;
  }
}
