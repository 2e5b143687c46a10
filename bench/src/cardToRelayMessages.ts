/** What the `card_to_relay` bench and its field side say to each other over the child process's IPC channel. */

/** The field side's line and devices: sent once, first. */
export interface FieldSetup {
  /** The PD end of the PTY pair. */
  readonly path: string;
  readonly baudRate: number;
  /** The readers' addresses: door `d` is swiped at `readers[d]` and opens the module's output `d`. */
  readonly readers: ReadonlyArray<number>;
  readonly moduleAddress: number;
  readonly turnaroundMs: number;
  readonly swipeTimeoutMs: number;
}

export type FieldRequest =
  | { readonly kind: "moduleAsked" }
  | { readonly kind: "swipe"; readonly door: number }
  /** The revisit periods each PD saw since `from` (ms since the epoch). */
  | { readonly kind: "revisits"; readonly from: number }
  | { readonly kind: "stop" };

export type FieldReply =
  | { readonly kind: "ready" }
  /** Whether the host has asked the I/O module for its inputs yet (it is online then). */
  | { readonly kind: "moduleAsked"; readonly asked: boolean }
  /** From the swipe to the OUT switching its door's output on: written on the line, and received by the module. */
  | { readonly kind: "swiped"; readonly writtenMs: number; readonly receivedMs: number }
  | { readonly kind: "timedOut" }
  | { readonly kind: "revisits"; readonly revisits: ReadonlyArray<number> };
