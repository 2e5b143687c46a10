/** The byte transport and clock a CP line runs on: a serial port in the host, an in-memory RS-485 bus in tests. */

/**
 * A half-duplex RS-485 line as bytes: `write` sends, `onData` delivers received chunks (any chunking). The host
 * adapts `serialport` as `{ write: (b) => port.write(b), onData: (l) => (port.on("data", l), () => port.off("data", l)) }`.
 */
export interface OsdpTransport {
  readonly write: (bytes: Uint8Array) => void;
  /** Registers a listener for received bytes; returns the function that removes it. */
  readonly onData: (listener: (chunk: Uint8Array) => void) => () => void;
}

/** The clock a line runs on: the engine's `EngineClock` (virtual in tests); XState timers go through it too. */
export interface CpClock {
  readonly now: () => number;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (id: unknown) => void;
}
