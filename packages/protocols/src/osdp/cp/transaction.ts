/** The control panel's transaction layer for one RS-485 line: one command outstanding, its reply timeout, and slot pacing. */
import { assign, emit, setup } from "xstate";
import { REPLY_STALL_GRACE_MS, REPLY_STALL_TOLERANCE_MS } from "./timing";

/** What the transaction layer reads from its line: the time, to tell a reply timeout that fired late. */
export interface TransactionInput {
  readonly now: () => number;
}

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

interface TransactionContext {
  readonly now: () => number;
  readonly timeoutMs: number;
  /** When the outstanding command's reply timeout is due. */
  readonly deadline: number;
  readonly waitMs: number;
}

/**
 * One machine per line. On every free slot it emits `slot` and the line answers SENT, WAIT or SLEEP; retries and
 * BUSY re-sends are new slots for the same bytes, so a dead PD never holds the line beyond its reply timeout.
 *
 * A reply timeout that fires well after its deadline means the event loop was stalled: timers run before I/O, so
 * a reply may be waiting unread in the port. The line then gives received bytes a short grace before it resends.
 */
export const transactionMachine = setup({
  types: {
    context: {} as TransactionContext,
    input: {} as TransactionInput,
    events: {} as TransactionEvent,
    emitted: {} as TransactionEmitted,
  },
  delays: {
    replyTimeout: ({ context }) => context.timeoutMs,
    stallGrace: REPLY_STALL_GRACE_MS,
    pace: ({ context }) => context.waitMs,
  },
  guards: {
    stalled: ({ context }) => context.now() - context.deadline > REPLY_STALL_TOLERANCE_MS,
  },
}).createMachine({
  id: "transaction",
  context: ({ input }) => ({ now: input.now, timeoutMs: 0, deadline: 0, waitMs: 0 }),
  initial: "slot",
  states: {
    slot: {
      entry: emit({ type: "slot" }),
      on: {
        SENT: {
          target: "awaitingReply",
          actions: assign({
            timeoutMs: ({ event }) => event.timeoutMs,
            deadline: ({ context, event }) => context.now() + event.timeoutMs,
          }),
        },
        WAIT: { target: "pacing", actions: assign({ waitMs: ({ event }) => event.ms }) },
        SLEEP: "sleeping",
      },
    },
    awaitingReply: {
      after: {
        replyTimeout: [
          { guard: "stalled", target: "settling" },
          { target: "slot", actions: emit({ type: "timeout" }) },
        ],
      },
      on: { ANSWERED: "slot" },
    },
    // The event loop was stalled past the deadline: bytes already received are read before the command is resent.
    settling: {
      after: { stallGrace: { target: "slot", actions: emit({ type: "timeout" }) } },
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
