/**
 * The output actor: one auxiliary relay that action rules drive (a siren, a beacon, a camera trigger). `ON` and
 * `OFF` hold until changed; `PULSE` turns it on until a deadline on the site clock, and a pulse during a pulse
 * moves the deadline. Every change drives the relay at once and publishes `OutputChanged`.
 */
import { assign, setup } from "xstate";
import type { EngineEventInput } from "../events";

/** Drives auxiliary relays; the host binds it to the controller's I/O. */
export interface OutputDriver {
  setOutput(controllerId: string, relay: string, on: boolean): void;
}

/** Input of an output actor. */
export interface OutputInput {
  readonly controllerId: string;
  readonly relay: string;
  readonly outputs: OutputDriver;
  readonly publish: (event: EngineEventInput) => void;
}

/** Context of an output actor. */
export interface OutputContext extends OutputInput {
  /** When a pulse ends (epoch ms); the end is published at this time however late its timer runs. */
  readonly until: number;
  /** The action rule behind the latest change. */
  readonly ruleId: string;
}

/** Events of an output actor; `at` is when the rule fired. */
export type OutputEvent =
  | { readonly type: "ON" | "OFF"; readonly at: number; readonly ruleId: string }
  | { readonly type: "PULSE"; readonly at: number; readonly ruleId: string; readonly ms: number };

const change = (context: OutputContext, on: boolean, at: number): void => {
  context.outputs.setOutput(context.controllerId, context.relay, on);
  context.publish({
    type: "OutputChanged",
    at,
    controllerId: context.controllerId,
    relay: context.relay,
    state: on ? "on" : "off",
    ruleId: context.ruleId,
  });
};

/** The output machine: starts off, as its owner drove the relay (not published: a restart claims no change). */
export const outputMachine = setup({
  types: {
    context: {} as OutputContext,
    events: {} as OutputEvent,
    input: {} as OutputInput,
  },
  // Only PULSE enters `pulsing`, after `note` set its deadline.
  delays: { pulse: ({ context, event }) => context.until - event.at },
  actions: {
    note: assign(({ event }) => ({
      ruleId: event.ruleId,
      until: event.type === "PULSE" ? event.at + event.ms : 0,
    })),
    on: ({ context, event }) => change(context, true, event.at),
    off: ({ context, event }) => change(context, false, event.at),
  },
}).createMachine({
  id: "output",
  context: ({ input }) => ({ ...input, until: 0, ruleId: "" }),
  initial: "off",
  states: {
    off: {
      on: {
        ON: { target: "on", actions: ["note", "on"] },
        PULSE: { target: "pulsing", actions: ["note", "on"] },
      },
    },
    on: {
      on: {
        OFF: { target: "off", actions: ["note", "off"] },
        PULSE: { target: "pulsing", actions: "note" },
      },
    },
    pulsing: {
      after: {
        pulse: {
          target: "off",
          actions: ({ context }) => change(context, false, context.until),
        },
      },
      on: {
        ON: { target: "on", actions: "note" },
        OFF: { target: "off", actions: ["note", "off"] },
        PULSE: { target: "pulsing", reenter: true, actions: "note" },
      },
    },
  },
});
