/** The control panel's transaction layer for one RS-485 line: one command outstanding, its reply timeout, and slot pacing. */
import { assign, emit, setup } from "xstate";

/** What the line tells its transaction layer. */
export type TransactionEvent =
  /** A command went out; its reply is due within `timeoutMs` (200 ms plus the frame's transmit time). */
  | { readonly type: "SENT"; readonly timeoutMs: number }
  /** The awaited PD answered (validly or not): the line is free again. */
  | { readonly type: "ANSWERED" }
  /** Nothing is due: try again in `ms`. */
  | { readonly type: "WAIT"; readonly ms: number }
  /** Nothing is due and nothing will be until a PD or the host asks: sleep until `WAKE`. */
  | { readonly type: "SLEEP" }
  | { readonly type: "WAKE" };

/** `slot`: the line is free, pick what to send; `timeout`: the outstanding command got no reply in time. */
export type TransactionEmitted = { readonly type: "slot" } | { readonly type: "timeout" };

/**
 * One machine per line. On every free slot it emits `slot` and the line answers SENT, WAIT or SLEEP; retries and
 * BUSY re-sends are new slots for the same bytes, so a dead PD never holds the line beyond its reply timeout.
 */
export const transactionMachine = setup({
  types: {
    context: {} as { readonly timeoutMs: number; readonly waitMs: number },
    events: {} as TransactionEvent,
    emitted: {} as TransactionEmitted,
  },
  delays: {
    replyTimeout: ({ context }) => context.timeoutMs,
    pace: ({ context }) => context.waitMs,
  },
}).createMachine({
  id: "transaction",
  context: { timeoutMs: 0, waitMs: 0 },
  initial: "slot",
  states: {
    slot: {
      entry: emit({ type: "slot" }),
      on: {
        SENT: {
          target: "awaitingReply",
          actions: assign({ timeoutMs: ({ event }) => event.timeoutMs }),
        },
        WAIT: { target: "pacing", actions: assign({ waitMs: ({ event }) => event.ms }) },
        SLEEP: "sleeping",
      },
    },
    awaitingReply: {
      after: { replyTimeout: { target: "slot", actions: emit({ type: "timeout" }) } },
      on: { ANSWERED: "slot" },
    },
    pacing: {
      after: { pace: "slot" },
      on: { WAKE: "slot" },
    },
    sleeping: {
      on: { WAKE: "slot" },
    },
  },
});
