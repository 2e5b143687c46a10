/** An RS-485 line on a serial port (`serialport`) as the protocols' `OsdpTransport`, reopened when the port disappears. */
import type { OsdpTransport } from "@portcullis/protocols";
import { Effect, type Scope } from "effect";
import { type Observable, Subject } from "rxjs";
import { SerialPortStream } from "@serialport/stream";
import { serialBinding } from "./promptBinding";
import { type SerialError, toSerialError } from "./SerialError";

/** Where the port is and how fast it runs; the reconnect back-off doubles from `reconnectMinMs` to `reconnectMaxMs`. */
export interface SerialLineOptions {
  readonly path: string;
  readonly baudRate: number;
  /** First reopen attempt after the port disappeared (default 250 ms). */
  readonly reconnectMinMs?: number;
  /** Longest wait between reopen attempts (default 10 s). */
  readonly reconnectMaxMs?: number;
}

/** What happens to the port: opened (again), lost (reconnecting), or an operation failed. */
export type SerialLineStatus =
  | { readonly type: "open"; readonly path: string }
  | { readonly type: "lost"; readonly error: SerialError }
  | { readonly type: "error"; readonly error: SerialError };

const DEFAULT_RECONNECT_MIN_MS = 250;
const DEFAULT_RECONNECT_MAX_MS = 10_000;

// OSDP runs 8N1 (OSDP 2.2 §5.2). Half duplex needs nothing here: RS-485 adapters switch direction in hardware, the
// CP keeps one command outstanding, and an adapter's echo of our own frames is dropped by the CP as non-replies.
const openPort = (options: SerialLineOptions): Promise<SerialPortStream> =>
  new Promise((resolve, reject) => {
    const port = new SerialPortStream({
      binding: serialBinding(),
      path: options.path,
      baudRate: options.baudRate,
      dataBits: 8,
      parity: "none",
      stopBits: 1,
      autoOpen: false,
    });
    port.open((error) => (error ? reject(toSerialError(options.path, "open")(error)) : resolve(port)));
  });

/**
 * One serial port. Listeners registered with `onData` survive reconnects; bytes written while the port is gone are
 * dropped, which the control panel sees as unanswered commands (its readers go offline, then come back by probes).
 */
export class SerialLine implements OsdpTransport {
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private readonly status = new Subject<SerialLineStatus>();
  /** Opened, lost and failed, as they happen. */
  readonly status$: Observable<SerialLineStatus> = this.status.asObservable();
  private port: SerialPortStream | undefined;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private backoffMs = 0;

  private constructor(
    private readonly options: SerialLineOptions,
    port: SerialPortStream,
  ) {
    this.attach(port);
  }

  /** Opens the port; fails with a `SerialError` when it cannot be opened now (a wrong path is a configuration error). */
  static async open(options: SerialLineOptions): Promise<SerialLine> {
    return new SerialLine(options, await openPort(options));
  }

  /** Whether the port is open now. */
  isOpen(): boolean {
    return this.port !== undefined;
  }

  readonly write = (bytes: Uint8Array): void => {
    this.port?.write(Buffer.from(bytes), (error) => {
      if (error) this.status.next({ type: "error", error: toSerialError(this.options.path, "write")(error) });
    });
  };

  readonly onData = (listener: (chunk: Uint8Array) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Closes the port and stops reconnecting; completes `status$`. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const port = this.port;
    this.port = undefined;
    this.status.complete();
    if (port?.isOpen)
      await new Promise<void>((resolve, reject) =>
        port.close((error) => (error ? reject(toSerialError(this.options.path, "close")(error)) : resolve())),
      );
  }

  private attach(port: SerialPortStream): void {
    this.port = port;
    this.backoffMs = this.options.reconnectMinMs ?? DEFAULT_RECONNECT_MIN_MS;
    port.on("data", (chunk: Buffer) => {
      for (const listener of this.listeners) listener(chunk);
    });
    // An unhandled 'error' would crash the host; the 'close' that follows a lost port drives the reconnect.
    port.on("error", (error) =>
      this.status.next({ type: "error", error: toSerialError(this.options.path, "read")(error) }),
    );
    port.on("close", (error: (Error & { disconnected?: boolean }) | null) => {
      if (this.closed || this.port !== port) return;
      this.port = undefined;
      this.status.next({
        type: "lost",
        error: toSerialError(this.options.path, "read")(error ?? new Error("port closed")),
      });
      this.scheduleReopen();
    });
    this.status.next({ type: "open", path: this.options.path });
  }

  private scheduleReopen(): void {
    this.retry = setTimeout(() => {
      openPort(this.options).then(
        (port) => (this.closed ? port.close() : this.attach(port)),
        (error: SerialError) => {
          if (this.closed) return;
          this.status.next({ type: "error", error });
          this.backoffMs = Math.min(
            this.backoffMs * 2,
            this.options.reconnectMaxMs ?? DEFAULT_RECONNECT_MAX_MS,
          );
          this.scheduleReopen();
        },
      );
    }, this.backoffMs);
  }
}

/** A serial line closed when its scope ends; failing to open is a typed `SerialError`. */
export const acquireSerialLine = (
  options: SerialLineOptions,
): Effect.Effect<SerialLine, SerialError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({ try: () => SerialLine.open(options), catch: toSerialError(options.path, "open") }),
    (line) => Effect.promise(() => line.close().catch(() => undefined)),
  );
