/**
 * The monitoring door (DESIGN §3): one debounced, optionally supervised position sensor; no lock,
 * no reader, no alarms but input faults.
 */
import { enqueueActions, setup } from "xstate";
import type { EngineEventInput } from "../events";
import type { InputState } from "../model/Supervision";
import type { DoorPosition } from "./doorStep";

/** Context of a monitoring door. */
export interface MonitoringDoorContext {
  readonly id: string;
  readonly sensorRef: string;
  readonly debounceMs: number;
  readonly publish: (event: EngineEventInput) => void;
  /** Told when the door's snapshot changed without an event: its first position reading. */
  readonly seen?: (doorId: string) => void;
  readonly position: DoorPosition;
  readonly accepted: InputState | undefined;
}

/** Events of a monitoring door. */
export type MonitoringDoorEvent =
  | { readonly type: "INPUT"; readonly at: number; readonly state: InputState }
  | { readonly type: "DEBOUNCED"; readonly at: number; readonly state: InputState }
  | { readonly type: "POSITION"; readonly at: number; readonly open: boolean }
  | { readonly type: "CONTROLLER"; readonly at: number; readonly online: boolean };

const DEBOUNCE = "debounce";

const accept = (c: MonitoringDoorContext, at: number, state: InputState): MonitoringDoorContext => {
  if (c.accepted === state) return c;
  const event = (e: EngineEventInput) => c.publish(e);
  const base = { at, doorId: c.id };
  if (state === "cut" || state === "short") {
    event({ type: "InputFault", ...base, input: c.sensorRef, fault: state });
    return { ...c, accepted: state, position: "unknown" };
  }
  if (c.accepted === "cut" || c.accepted === "short")
    event({ type: "InputFault", ...base, input: c.sensorRef, fault: "restored" });
  return { ...move(c, at, state === "active"), accepted: state };
};

const move = (c: MonitoringDoorContext, at: number, open: boolean): MonitoringDoorContext => {
  const next = open ? "open" : "closed";
  if (c.position === next) return c;
  // The first reading is taken silently, as for any rebuilt door.
  if (c.position !== "unknown") c.publish({ type: open ? "DoorOpened" : "DoorClosed", at, doorId: c.id });
  else c.seen?.(c.id);
  return { ...c, position: next };
};

/** The monitoring door machine; the site creates it for doors of type `monitoring`. */
export const monitoringDoorMachine = setup({
  types: {
    context: {} as MonitoringDoorContext,
    events: {} as MonitoringDoorEvent,
    input: {} as Pick<MonitoringDoorContext, "id" | "sensorRef" | "debounceMs" | "publish" | "seen">,
  },
  actions: {
    raw: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "INPUT") return;
      enqueue.cancel(DEBOUNCE);
      if (context.accepted === event.state) return;
      const accepted = { type: "DEBOUNCED", at: event.at + context.debounceMs, state: event.state } as const;
      if (context.debounceMs === 0) return enqueue.raise(accepted);
      enqueue.raise(accepted, { id: DEBOUNCE, delay: context.debounceMs });
    }),
    accept: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === "DEBOUNCED") enqueue.assign(() => accept(context, event.at, event.state));
    }),
    position: enqueueActions(({ context, event, enqueue }) => {
      // A faulted sensor means position Unknown, whatever else reports the door.
      const faulted = context.accepted === "cut" || context.accepted === "short";
      if (event.type === "POSITION" && !faulted) enqueue.assign(() => move(context, event.at, event.open));
    }),
    offline: enqueueActions(({ event, enqueue }) => {
      if (event.type === "CONTROLLER" && !event.online)
        enqueue.assign({ position: "unknown", accepted: undefined });
    }),
  },
}).createMachine({
  id: "monitoringDoor",
  context: ({ input }) => ({ ...input, position: "unknown", accepted: undefined }),
  on: {
    INPUT: { actions: "raw" },
    DEBOUNCED: { actions: "accept" },
    POSITION: { actions: "position" },
    CONTROLLER: { actions: "offline" },
  },
});
