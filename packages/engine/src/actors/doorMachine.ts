/**
 * The door actor (DESIGN §4): the access cycle as states, every other concern in context.
 *
 *   idle ──GRANT──▶ granted ──opened──▶ taken ──closed (after-closing, delay)──▶ relocking
 *     ▲               │ ACCESS_END        │ closed / RELOCK_DUE (after-opening)    │ RELOCK_DUE
 *     │               │ lockdown          │ ACCESS_END while the door is unseen    │ reopened ─▶ taken
 *     └───────────────┴───────────────────┴────────────────────────────────────────┘
 *
 * A grant while the door is open goes to taken from any state (AccessTaken at once).
 *
 * Each transition runs exactly one step action: a swipe is a handful of microsteps, not dozens.
 *
 * Slot, double-swipe override, schedule, position, alarms and debounce are handled in every state.
 */
import { and, enqueueActions, setup } from "xstate";
import { applyManualCommand, MANUAL_GRANT_MS } from "./manualSlot";
import { DoorStep, monitorFaulted, type DoorContext, type Enqueue } from "./doorStep";
import type { DoorEvent, DoorInput, Grant } from "./doorTypes";

/** Internal: lockdown cancels the cycle in progress. */
type CancelCycle = { readonly type: "CANCEL_CYCLE"; readonly at: number };
type Event = DoorEvent | CancelCycle;

const atOf = (event: { type: string; at?: number }, context: DoorContext): number =>
  event.at ?? context.startedAt;

/** Wraps one rule as an XState action: copy the context, apply, sync outputs, commit. */
const step = (rule: (s: DoorStep, event: Event) => void) =>
  enqueueActions<DoorContext, Event, undefined, Event, never, never, never, never, never>(
    ({ context, event, enqueue }) => {
      const s = new DoorStep(context, enqueue as unknown as Enqueue, atOf(event, context), event);
      const wasHeld = s.begin();
      rule(s, event);
      s.sync(wasHeld);
      s.commit();
    },
  );

const only =
  <T extends Event["type"]>(type: T, rule: (s: DoorStep, event: Extract<Event, { type: T }>) => void) =>
  (s: DoorStep, event: Event) => {
    if (event.type === type) rule(s, event as Extract<Event, { type: T }>);
  };

/** The door machine; create it through the site, which resolves its settings and routes inputs. */
export const doorMachine = setup({
  types: {
    context: {} as DoorContext,
    events: {} as Event,
    input: {} as DoorInput,
  },
  guards: {
    grantAllowed: ({ context, event }) =>
      event.type === "GRANT" && (context.slot !== "lockdown" || event.grant.exempt),
    doorOpen: ({ context }) => context.position === "open",
    /** Seen open, from closed or from not knowing (then taken silently: nobody saw it open). */
    opening: ({ context, event }) =>
      event.type === "POSITION" && event.open && context.position !== "open" && !monitorFaulted(context),
    /** Seen closed, from open or from not knowing (a first reading after a fault closes a passage too). */
    closing: ({ context, event }) =>
      event.type === "POSITION" && !event.open && context.position !== "closed" && !monitorFaulted(context),
    relocksAtOpening: ({ context }) =>
      context.settings.relock === "after-opening" && context.settings.relockDelayMs === 0,
    relocksAtClose: ({ context }) =>
      context.settings.relock === "after-opening" || context.settings.relockDelayMs === 0,
    positionUnknown: ({ context }) => context.position === "unknown",
    slotFree: ({ context }) => context.slot === "none",
  },
  actions: {
    start: step((s) => {
      s.c.settings.locks.forEach((relay) => s.c.relays.setRelay(relay, true));
      s.scheduleTransition();
    }),
    rawInput: step(only("INPUT", (s, e) => s.rawInput(e.role, e.state))),
    acceptInput: step(
      only("DEBOUNCED", (s, e) => {
        const { rex } = s.acceptInput(e.role, e.state);
        if (rex) raiseRex(s, rex);
      }),
    ),
    position: step(only("POSITION", (s, e) => s.setPosition(e.open))),
    rex: step(only("REX", (s, e) => raiseRex(s, e.side))),
    rexWindowEnd: step((s) => s.rexWindowEnd()),
    openTooLong: step((s) => s.openTooLongDue()),
    manual: step(
      only("MANUAL", (s, e) => {
        const outcome = applyManualCommand(s.c.slot, e.command);
        if (outcome.kind === "slot") s.setSlot(outcome.slot);
        if (outcome.kind === "slot" && outcome.slot === "lockdown")
          s.raise({ type: "CANCEL_CYCLE", at: s.at });
        if (outcome.kind === "momentary")
          s.raise({
            type: "GRANT",
            at: s.at,
            grant: {
              grantId: e.grantId,
              kind: "manual",
              cardholderIds: [],
              long: false,
              exempt: false,
              accessMs: MANUAL_GRANT_MS,
            },
          });
      }),
    ),
    toggleOverride: step(only("DOUBLE_SWIPE", (s, e) => s.toggleOverride(e.cardholderId))),
    scheduleTransition: step((s) => s.scheduleTransition()),
    twoPersonWait: step(
      only("TWO_PERSON_WAIT", (s, e) => s.twoPersonWait(e.side, e.cardholderId, e.credentialId, e.timeoutMs)),
    ),
    twoPersonTimeout: step(only("TWO_PERSON_TIMEOUT", (s, e) => s.twoPersonEnd(e.side, true))),
    controller: step(only("CONTROLLER", (s, e) => s.setControllerOnline(e.online))),
    reconfigure: step(only("RECONFIGURE", (s, e) => s.reconfigure(e.settings))),
    startCycle: step(only("GRANT", (s, e) => s.startCycle(e.grant))),
    takenWhileOpen: step(
      only("GRANT", (s, e) => {
        s.startCycle(e.grant);
        s.takenWhileOpen();
        s.armRelockIfAfterOpening();
      }),
    ),
    // In one step, so the lock is not pulsed open for no time.
    takenWhileOpenRelocked: step(
      only("GRANT", (s, e) => {
        s.startCycle(e.grant);
        s.takenWhileOpen();
        s.endCycle();
      }),
    ),
    opened: step((s) => {
      const seen = s.c.position !== "unknown";
      s.setPosition(true);
      s.taken(seen);
      s.armRelockIfAfterOpening();
    }),
    reopened: step((s) => {
      s.setPosition(true);
      s.disarm("relock");
    }),
    closedRelockNow: step((s) => {
      s.setPosition(false);
      s.endCycle();
    }),
    closedRelockLater: step((s) => {
      s.setPosition(false);
      s.armRelock(s.at);
    }),
    expire: step((s) => {
      s.notTakenIfPending();
      s.endCycle();
    }),
    cancel: step((s) => s.cancelCycle()),
    relock: step((s) => s.endCycle()),
  },
}).createMachine({
  id: "door",
  context: ({ input }) => ({
    id: input.id,
    settings: input.settings,
    pendingSettings: undefined,
    publish: input.publish,
    seen: input.seen,
    relays: input.relays,
    startedAt: input.at,
    slot: input.facts?.slot ?? "none",
    override: input.facts?.override ?? false,
    scheduleUnlocked: false,
    // A rebuilt door starts locked; its first position reading is taken silently (DESIGN §2).
    position: "unknown",
    inputs: {},
    cycle: undefined,
    rexWindowUntil: undefined,
    forcedOpen: false,
    openTooLong: false,
    openingLong: false,
    locked: input.settings.locks.map(() => true),
    mode: "Locked",
    controllerOnline: true,
    timers: {},
    twoPerson: {},
  }),
  entry: "start",
  on: {
    // In every state: a grant while the door is open is taken at once.
    GRANT: [
      {
        guard: and(["grantAllowed", "doorOpen", "relocksAtOpening"]),
        target: ".idle",
        actions: "takenWhileOpenRelocked",
      },
      { guard: and(["grantAllowed", "doorOpen"]), target: ".taken", actions: "takenWhileOpen" },
      { guard: "grantAllowed", target: ".granted", actions: "startCycle" },
    ],
    INPUT: { actions: "rawInput" },
    DEBOUNCED: { actions: "acceptInput" },
    POSITION: { actions: "position" },
    REX: { actions: "rex" },
    REX_WINDOW_END: { actions: "rexWindowEnd" },
    OPEN_TOO_LONG: { actions: "openTooLong" },
    MANUAL: { actions: "manual" },
    DOUBLE_SWIPE: { guard: "slotFree", actions: "toggleOverride" },
    SCHEDULE_TRANSITION: { actions: "scheduleTransition" },
    TWO_PERSON_WAIT: { actions: "twoPersonWait" },
    TWO_PERSON_TIMEOUT: { actions: "twoPersonTimeout" },
    CONTROLLER: { actions: "controller" },
    RECONFIGURE: { actions: "reconfigure" },
  },
  initial: "idle",
  states: {
    idle: {},
    granted: {
      on: {
        POSITION: { guard: "opening", target: "taken", actions: "opened" },
        ACCESS_END: { target: "idle", actions: "expire" },
        CANCEL_CYCLE: { target: "idle", actions: "cancel" },
      },
    },
    taken: {
      on: {
        POSITION: [
          { guard: and(["closing", "relocksAtClose"]), target: "idle", actions: "closedRelockNow" },
          { guard: "closing", target: "relocking", actions: "closedRelockLater" },
        ],
        RELOCK_DUE: { target: "idle", actions: "relock" },
        ACCESS_END: { guard: "positionUnknown", target: "idle", actions: "relock" },
        CANCEL_CYCLE: { target: "idle", actions: "relock" },
      },
    },
    relocking: {
      on: {
        POSITION: { guard: "opening", target: "taken", actions: "reopened" },
        RELOCK_DUE: { target: "idle", actions: "relock" },
        ACCESS_END: { guard: "positionUnknown", target: "idle", actions: "relock" },
        CANCEL_CYCLE: { target: "idle", actions: "relock" },
      },
    },
  },
});

/** Turns a REX press into a grant when it unlocks the door. */
const raiseRex = (s: DoorStep, side: "A" | "B"): void => {
  const grant: Grant | undefined = s.rex(side);
  if (grant) s.raise({ type: "GRANT", at: s.at, grant });
};
