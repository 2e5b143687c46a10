/** An in-memory RS-485 line: every byte written by one endpoint reaches all the others after its transmit time. */
import type { EngineClock } from "@portcullis/engine";
import { type OsdpTransport, transmitTimeMs } from "@portcullis/protocols";

interface Endpoint {
  readonly listeners: Set<(chunk: Uint8Array) => void>;
}

/**
 * A half-duplex multi-drop line at `baudRate` on a (virtual) clock: a write occupies the wire for len × 10 / baud
 * seconds after any transmission still in progress, then arrives whole at every other endpoint. A writer does not
 * hear its own bytes (as with an adapter that suppresses the echo).
 */
export class Rs485Bus {
  private readonly endpoints = new Set<Endpoint>();
  private busyUntil = -Infinity;
  /** Bytes written on the line so far. */
  bytesSent = 0;

  constructor(
    private readonly clock: EngineClock,
    readonly baudRate: number,
  ) {}

  /** A new endpoint (the CP or one PD) on the line. */
  attach(): OsdpTransport {
    const endpoint: Endpoint = { listeners: new Set() };
    this.endpoints.add(endpoint);
    return {
      write: (bytes) => this.transmit(endpoint, bytes.slice()),
      onData: (listener) => {
        endpoint.listeners.add(listener);
        return () => endpoint.listeners.delete(listener);
      },
    };
  }

  private transmit(from: Endpoint, bytes: Uint8Array): void {
    const now = this.clock.now();
    const end = Math.max(now, this.busyUntil) + transmitTimeMs(bytes.length, this.baudRate);
    this.busyUntil = end;
    this.bytesSent += bytes.length;
    this.clock.setTimeout(() => {
      for (const endpoint of this.endpoints)
        if (endpoint !== from) for (const listener of endpoint.listeners) listener(bytes);
    }, end - now);
  }
}
