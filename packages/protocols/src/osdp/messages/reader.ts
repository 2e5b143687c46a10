/** A bounds-checked cursor over a message payload: a bad read records an error instead of throwing. */

/** Reads OSDP payload fields (little-endian); `problem()` tells whether the payload fitted. */
export class ByteReader {
  private pos = 0;
  private error: string | undefined;

  constructor(private readonly data: Uint8Array) {}

  /** Bytes not yet read. */
  remaining(): number {
    return this.data.length - this.pos;
  }

  private take(count: number): number {
    const at = this.pos;
    if (at + count > this.data.length) this.error ??= `payload too short (${this.data.length} bytes)`;
    this.pos = Math.min(at + count, this.data.length);
    return at;
  }

  private at(i: number): number {
    return this.data[i] ?? 0;
  }

  /** One byte. */
  u8(): number {
    return this.at(this.take(1));
  }

  /** A little-endian 16-bit field. */
  u16(): number {
    const i = this.take(2);
    return this.at(i) | (this.at(i + 1) << 8);
  }

  /** A little-endian 32-bit field. */
  u32(): number {
    const i = this.take(4);
    return (this.at(i) | (this.at(i + 1) << 8) | (this.at(i + 2) << 16) | (this.at(i + 3) << 24)) >>> 0;
  }

  /** The next `count` bytes (a copy). */
  bytes(count: number): Uint8Array {
    const i = this.take(count);
    return this.data.slice(i, this.pos);
  }

  /** Every byte not yet read (a copy). */
  rest(): Uint8Array {
    return this.bytes(this.remaining());
  }

  /** Records a field that does not make sense (the first problem wins). */
  fail(message: string): void {
    this.error ??= message;
  }

  /** The first problem, including bytes left unread, or undefined when the payload fitted exactly. */
  problem(): string | undefined {
    if (this.error === undefined && this.pos < this.data.length)
      return `${this.data.length - this.pos} unexpected trailing byte(s)`;
    return this.error;
  }
}
