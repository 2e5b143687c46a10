/**
 * The arithmetic of one door transition: timers with explicit ids and deadlines, lock and alarm
 * rules. `doorMachine.ts` says when each rule runs; this module says what it does.
 */
import type { DoorMode, EngineEventInput, Side, Slot } from "../events";
import type { TwoPersonWaiting } from "../decision/reasons";
import type { InputState } from "../model/Supervision";
import type {
  DoorInputRole,
  DoorInputWiring,
  DoorSettings,
  DoorTimerEvent,
  DoorTimerId,
  Grant,
  RelayDriver,
} from "./doorTypes";

/** Door position; `unknown` without a monitor, with a faulted one, or before the first reading. */
export type DoorPosition = "open" | "closed" | "unknown";

/** The grant whose access cycle holds the lock(s) open. */
export interface AccessCycle {
  readonly grant: Grant;
  readonly deadline: number;
  readonly long: boolean;
  /** Granted to a cardholder while the slot was `lock`: the slot returns to `none` when it ends. */
  readonly releasesLockSlot: boolean;
  /** The door opened for this grant; a later grant starts a new cycle rather than superseding it. */
  readonly taken: boolean;
}

interface ArmedTimer {
  readonly event: DoorTimerEvent;
  /** Arming order, so timers due together fire in the order they were armed. */
  readonly order: number;
}

/** Context of a door actor. */
export interface DoorContext {
  readonly id: string;
  readonly settings: DoorSettings;
  /** Wiring and timing waiting for the running access cycle to end (DESIGN §3). */
  readonly pendingSettings: DoorSettings | undefined;
  readonly publish: (event: EngineEventInput) => void;
  readonly relays: RelayDriver;
  readonly startedAt: number;
  readonly slot: Slot;
  readonly override: boolean;
  readonly scheduleUnlocked: boolean;
  readonly position: DoorPosition;
  /** Debounced state of each input. */
  readonly inputs: Partial<Record<DoorInputRole, InputState>>;
  readonly cycle: AccessCycle | undefined;
  /** A REX authorises one opening until then (action `none`, or any REX in lockdown). */
  readonly rexWindowUntil: number | undefined;
  readonly forcedOpen: boolean;
  readonly openTooLong: boolean;
  /** Last driven state of each lock relay, `true` = locked. */
  readonly locked: ReadonlyArray<boolean>;
  readonly mode: DoorMode;
  readonly controllerOnline: boolean;
  /** Armed timers; a fired or cancelled one is left `undefined`, not deleted (V8 slows a dictionary down). */
  readonly timers: Partial<Record<DoorTimerId, ArmedTimer | undefined>>;
  readonly timerOrder: number;
  /** First swipes of two-person accesses, per side, waiting for a second cardholder. */
  readonly twoPerson: Partial<Record<Side, TwoPersonWaiting>>;
  /** Earliest deadline among `timers`, read by the site before every input (DESIGN §2). */
  readonly nextDue: number | undefined;
}

/** What XState's `enqueueActions` hands us, narrowed to what a step uses. */
export interface Enqueue {
  (action: () => void): void;
  assign(assigner: () => Partial<DoorContext>): void;
  raise(
    event:
      | DoorTimerEvent
      | { type: "GRANT"; at: number; grant: Grant }
      | { type: "POSITION"; at: number; open: boolean }
      | { type: "CANCEL_CYCLE"; at: number },
    options?: { id: string; delay: number },
  ): void;
  cancel(id: string): void;
}

const timerIdOf = (e: DoorTimerEvent): DoorTimerId => {
  switch (e.type) {
    case "ACCESS_END":
      return "access";
    case "RELOCK_DUE":
      return "relock";
    case "OPEN_TOO_LONG":
      return "openTooLong";
    case "REX_WINDOW_END":
      return "rexWindow";
    case "SCHEDULE_TRANSITION":
      return "schedule";
    case "TWO_PERSON_TIMEOUT":
      return `twoPerson:${e.side}`;
    case "DEBOUNCED":
      return `debounce:${e.role}`;
  }
};

const TIMER_EVENTS = new Set([
  "ACCESS_END",
  "RELOCK_DUE",
  "OPEN_TOO_LONG",
  "REX_WINDOW_END",
  "SCHEDULE_TRANSITION",
  "TWO_PERSON_TIMEOUT",
  "DEBOUNCED",
]);

/** Whether the slot, the double-swipe override or the schedule holds the door unlocked. */
export const isHeldUnlocked = (c: Pick<DoorContext, "slot" | "scheduleUnlocked" | "override">): boolean =>
  c.slot === "unlock" || (c.slot === "none" && c.scheduleUnlocked !== c.override);

/** Whether the lock(s) should be unlocked now. */
export const isUnlocked = (c: DoorContext): boolean => isHeldUnlocked(c) || c.cycle !== undefined;

const modeOf = (c: DoorContext): DoorMode =>
  c.slot === "lockdown"
    ? "LockedDown"
    : isHeldUnlocked(c)
      ? "Unlocked"
      : c.cycle !== undefined
        ? "Accessed"
        : "Locked";

const earliest = (timers: DoorContext["timers"]): number | undefined => {
  let min: number | undefined;
  for (const t of Object.values(timers)) if (t && (min === undefined || t.event.at < min)) min = t.event.at;
  return min;
};

/**
 * One transition's worth of changes on a copy of the context. Side effects (events, relays) are
 * queued and run by XState after the transition is computed.
 */
export class DoorStep {
  readonly c: { -readonly [K in keyof DoorContext]: DoorContext[K] };
  private readonly effects: Array<() => void> = [];
  private timersCopied = false;

  constructor(
    context: DoorContext,
    private readonly enqueue: Enqueue,
    readonly at: number,
    event: { type: string },
  ) {
    this.c = { ...context };
    if (TIMER_EVENTS.has(event.type)) this.forget(timerIdOf(event as DoorTimerEvent));
  }

  /** Publishes a door event stamped with this step's time. */
  publish(event: DistributiveOmit<Extract<EngineEventInput, { doorId: string }>, "at" | "doorId">): void {
    // Stamped in place (callers pass fresh literals): spreading a union of shapes is slow in V8.
    const e = event as { at?: number; doorId?: string };
    e.at = this.at;
    e.doorId = this.c.id;
    const publish = this.c.publish;
    this.effects.push(() => publish(e as EngineEventInput));
  }

  /** Raises an event to be handled right after this transition. */
  raise(event: Parameters<Enqueue["raise"]>[0]): void {
    this.enqueue.raise(event);
  }

  /** Arms a timer, cancelling the one with the same id first (DESIGN §2). */
  arm(event: DoorTimerEvent): void {
    const id = timerIdOf(event);
    this.disarm(id);
    const delay = event.at - this.at;
    if (delay <= 0) return this.enqueue.raise(event);
    this.enqueue.raise(event, { id, delay });
    this.mutableTimers()[id] = { event, order: this.c.timerOrder++ };
    if (this.c.nextDue === undefined || event.at < this.c.nextDue) this.c.nextDue = event.at;
  }

  disarm(id: DoorTimerId): void {
    if (this.c.timers[id] === undefined) return;
    this.enqueue.cancel(id);
    this.forget(id);
  }

  /** Fires now, in deadline order, every timer due at or before this step's time. */
  catchUp(): void {
    const due = Object.entries(this.c.timers)
      .filter((e): e is [DoorTimerId, ArmedTimer] => e[1] !== undefined && e[1].event.at <= this.at)
      .sort(([, a], [, b]) => a.event.at - b.event.at || a.order - b.order);
    for (const [id, t] of due) {
      this.disarm(id);
      this.enqueue.raise(t.event);
    }
  }

  // ---- position, alarms ------------------------------------------------------------------

  /** A debounced change of the door monitor (or a position input already debounced). */
  setPosition(open: boolean): void {
    const c = this.c;
    const prev = c.position;
    const next = open ? "open" : "closed";
    if (prev === next) return;
    c.position = next;
    // The first reading (after start or a fault) is taken silently: no forced-open from it.
    if (prev === "unknown") {
      if (open) this.startOpenTooLong();
      return;
    }
    if (open) {
      this.publish({ type: "DoorOpened" });
      const authorised = !this.allLocked() || this.consumeRexWindow();
      if (!authorised) {
        c.forcedOpen = true;
        this.publish({ type: "DoorForcedOpen" });
      }
      this.startOpenTooLong();
    } else {
      this.publish({ type: "DoorClosed" });
      this.disarm("openTooLong");
      if (c.forcedOpen || c.openTooLong) {
        c.forcedOpen = false;
        c.openTooLong = false;
        this.publish({ type: "DoorAlarmCleared" });
      }
    }
  }

  openTooLongDue(): void {
    if (this.c.position !== "open" || isHeldUnlocked(this.c) || this.c.openTooLong) return;
    this.c.openTooLong = true;
    this.publish({ type: "DoorOpenTooLong" });
  }

  /** Starts the open-too-long timer unless an unlocked slot, schedule or override masks it. */
  private startOpenTooLong(): void {
    const c = this.c;
    if (c.position !== "open" || isHeldUnlocked(c) || c.settings.monitor === undefined) return;
    const ms = c.cycle?.long ? c.settings.longOpenTooLongMs : c.settings.openTooLongMs;
    this.arm({ type: "OPEN_TOO_LONG", at: this.at + ms });
  }

  private allLocked(): boolean {
    return !isUnlocked(this.c);
  }

  private consumeRexWindow(): boolean {
    const until = this.c.rexWindowUntil;
    if (until === undefined || until <= this.at) return false;
    this.c.rexWindowUntil = undefined;
    this.disarm("rexWindow");
    return true;
  }

  // ---- inputs ----------------------------------------------------------------------------

  wiring(role: DoorInputRole): DoorInputWiring | undefined {
    const s = this.c.settings;
    return role === "monitor" ? s.monitor : s.rex[role === "rex:A" ? "A" : "B"];
  }

  /** A raw edge: accepted once it has held for the debounce time. */
  rawInput(role: DoorInputRole, state: InputState): void {
    const debounceMs = this.wiring(role)?.debounceMs ?? 0;
    if (this.c.inputs[role] === state) return this.disarm(`debounce:${role}`);
    // `arm` raises at once when the delay is zero, so every change takes the same path.
    this.arm({ type: "DEBOUNCED", at: this.at + debounceMs, role, state });
  }

  /** A debounced input state takes effect. */
  acceptInput(role: DoorInputRole, state: InputState): { rex?: Side } {
    const c = this.c;
    const prev = c.inputs[role];
    if (prev === state) return {};
    c.inputs = { ...c.inputs, [role]: state };
    const ref = this.wiring(role)?.ref ?? role;
    if (state === "cut" || state === "short") {
      this.publish({ type: "InputFault", input: ref, fault: state });
      if (role === "monitor") this.positionUnknown();
      return {};
    }
    if (prev === "cut" || prev === "short")
      this.publish({ type: "InputFault", input: ref, fault: "restored" });
    // Through POSITION, so the machine's states see the opening (a grant taken, a relock).
    if (role === "monitor") {
      this.raise({ type: "POSITION", at: this.at, open: state === "active" });
      return {};
    }
    return state === "active" && prev !== undefined ? { rex: role === "rex:A" ? "A" : "B" } : {};
  }

  private positionUnknown(): void {
    this.c.position = "unknown";
    this.disarm("openTooLong");
  }

  // ---- access cycle ----------------------------------------------------------------------

  accessMsOf(grant: Grant): number {
    const s = this.c.settings;
    return grant.accessMs ?? (grant.long ? s.longAccessMs : s.accessMs);
  }

  /**
   * Starts or extends the access cycle. A grant supersedes a pending unopened one (which is then
   * not taken) and the unlock runs to the later deadline, long if either grant was long.
   */
  startCycle(grant: Grant): void {
    const c = this.c;
    if (grant.side !== undefined && grant.cardholderIds.length > 1) this.twoPersonEnd(grant.side, false);
    const prev = c.cycle;
    const pending = prev !== undefined && !prev.taken ? prev : undefined;
    const deadline = this.at + this.accessMsOf(grant);
    if (pending) this.notTaken(pending.grant);
    this.disarm("relock");
    c.cycle = {
      grant,
      deadline: pending ? Math.max(pending.deadline, deadline) : deadline,
      long: grant.long || (pending?.long ?? false),
      releasesLockSlot:
        (c.slot === "lock" && grant.kind === "credential") || (prev?.releasesLockSlot ?? false),
      taken: false,
    };
    this.arm({ type: "ACCESS_END", at: c.cycle.deadline });
  }

  /** The cycle's grant is taken: the door opened (or was open when it was granted). */
  taken(): void {
    const cycle = this.c.cycle;
    if (!cycle) return;
    this.c.cycle = { ...cycle, taken: true };
    if (cycle.grant.kind === "rex") return;
    const g = cycle.grant;
    this.publish({
      type: "AccessTaken",
      grantId: g.grantId,
      cardholderIds: g.cardholderIds,
      ...(g.side === undefined ? {} : { side: g.side }),
    });
  }

  /** A granted door that was open already: taken at once, open-too-long counts from now. */
  takenWhileOpen(): void {
    this.taken();
    this.startOpenTooLong();
  }

  /** Without a door monitor nobody knows whether a grant was taken (DESIGN §4). */
  private notTaken(grant: Grant): void {
    if (grant.kind === "rex" || this.c.settings.monitor === undefined) return;
    this.publish({ type: "AccessNotTaken", grantId: grant.grantId, cardholderIds: grant.cardholderIds });
  }

  /** The cycle ends before anyone opened: an access time run out, or lockdown. */
  notTakenIfPending(): void {
    const cycle = this.c.cycle;
    if (cycle && !cycle.taken) this.notTaken(cycle.grant);
  }

  armRelock(from: number): void {
    this.arm({ type: "RELOCK_DUE", at: from + this.c.settings.relockDelayMs });
  }

  armRelockIfAfterOpening(): void {
    if (this.c.settings.relock === "after-opening") this.armRelock(this.at);
  }

  /** Back to no cycle: relock, release a Lock slot the cycle's grant was for, apply waiting settings. */
  endCycle(): void {
    const c = this.c;
    const cycle = c.cycle;
    this.disarm("access");
    this.disarm("relock");
    c.cycle = undefined;
    if (cycle?.releasesLockSlot && c.slot === "lock") c.slot = "none";
    if (c.pendingSettings) {
      const next = c.pendingSettings;
      c.pendingSettings = undefined;
      this.applySettings(next);
    }
  }

  // ---- two-person rule ---------------------------------------------------------------------

  /** A first swipe waits on its side for a second, different cardholder (DESIGN §5 step 10). */
  twoPersonWait(side: Side, cardholderId: string, credentialId: string, timeoutMs: number): void {
    this.c.twoPerson = { ...this.c.twoPerson, [side]: { cardholderId, credentialId, at: this.at } };
    this.arm({ type: "TWO_PERSON_TIMEOUT", at: this.at + timeoutMs, side });
  }

  /** The second person came (a grant on that side) or nobody did. */
  twoPersonEnd(side: Side, timedOut: boolean): void {
    const waiting = this.c.twoPerson[side];
    if (waiting === undefined) return;
    const { [side]: _, ...rest } = this.c.twoPerson;
    this.c.twoPerson = rest;
    this.disarm(`twoPerson:${side}`);
    if (timedOut) this.publish({ type: "TwoPersonTimeout", side, cardholderId: waiting.cardholderId });
  }

  // ---- REX ---------------------------------------------------------------------------------

  /** A REX press: returns the grant to start, if this REX unlocks the door. */
  rex(side: Side): Grant | undefined {
    const c = this.c;
    const wiring = c.settings.rex[side];
    this.publish({ type: "RexActivated", side });
    if (wiring?.action === "unlock" && c.slot !== "lockdown") {
      // A REX never supersedes a pending card grant: an opening is then that grant's AccessTaken.
      if (c.cycle && c.cycle.grant.kind !== "rex") return undefined;
      return {
        grantId: `rex:${c.id}:${this.at}`,
        kind: "rex",
        cardholderIds: [],
        side,
        long: false,
        exempt: false,
      };
    }
    // Action `none`, or any REX in lockdown: nothing unlocks, but one opening is authorised.
    c.rexWindowUntil = this.at + c.settings.accessMs;
    this.arm({ type: "REX_WINDOW_END", at: c.rexWindowUntil });
    return undefined;
  }

  rexWindowEnd(): void {
    this.c.rexWindowUntil = undefined;
  }

  // ---- slot, override, schedule --------------------------------------------------------------

  setSlot(slot: Slot): void {
    this.c.slot = slot;
    if (slot === "none") this.endOverride(undefined);
  }

  toggleOverride(cardholderId: string): void {
    this.c.override = !this.c.override;
    this.publish({ type: "DoubleSwipeToggled", override: this.c.override, cardholderId });
  }

  private endOverride(cardholderId: string | undefined): void {
    if (!this.c.override) return;
    this.c.override = false;
    this.publish({
      type: "DoubleSwipeToggled",
      override: false,
      ...(cardholderId === undefined ? {} : { cardholderId }),
    });
  }

  /** Re-reads the unlock schedule; a transition ends a double-swipe override. */
  scheduleTransition(): void {
    const c = this.c;
    const schedule = c.settings.unlockSchedule;
    const unlocked = schedule?.isActive(this.at) ?? false;
    if (unlocked !== c.scheduleUnlocked) {
      c.scheduleUnlocked = unlocked;
      this.endOverride(undefined);
    }
    const next = schedule?.nextTransition(this.at);
    if (next === undefined) this.disarm("schedule");
    else this.arm({ type: "SCHEDULE_TRANSITION", at: next });
  }

  // ---- configuration, controller -----------------------------------------------------------

  /** Wiring and timing apply when no cycle runs; the unlock schedule applies at once. */
  reconfigure(settings: DoorSettings): void {
    if (this.c.cycle) {
      this.c.pendingSettings = settings;
      this.c.settings = { ...this.c.settings, unlockSchedule: settings.unlockSchedule };
      this.scheduleTransition();
    } else this.applySettings(settings);
  }

  private applySettings(settings: DoorSettings): void {
    const c = this.c;
    const relaysChanged = settings.locks.join() !== c.settings.locks.join();
    if (relaysChanged) {
      for (const r of c.settings.locks) if (!settings.locks.includes(r)) this.drive(r, true);
      c.locked = settings.locks.map(() => true);
      for (const r of settings.locks) this.drive(r, true);
    }
    if (settings.monitor === undefined) this.positionUnknown();
    c.settings = settings;
    this.scheduleTransition();
  }

  setControllerOnline(online: boolean): void {
    const c = this.c;
    if (c.controllerOnline === online) return;
    c.controllerOnline = online;
    if (!online) return this.positionUnknown();
    // Back online: the relays may have lost their state, so drive each to what we last commanded;
    // `sync` then moves any that should have changed while the controller was away.
    c.settings.locks.forEach((relay, i) => this.drive(relay, c.locked[i] ?? true));
  }

  // ---- outputs -----------------------------------------------------------------------------

  private drive(relay: string, locked: boolean): void {
    const relays = this.c.relays;
    this.effects.push(() => relays.setRelay(relay, locked));
  }

  /**
   * Drives relays and publishes mode and lock changes to match the context, and restarts or masks
   * the open-too-long timer when an unlocked hold ends or begins with the door open.
   */
  sync(wasHeld: boolean): void {
    const c = this.c;
    const held = isHeldUnlocked(c);
    if (held !== wasHeld && c.position === "open") {
      if (held) this.disarm("openTooLong");
      else this.startOpenTooLong();
    }
    if (c.controllerOnline) {
      const locked = !isUnlocked(c);
      if (c.locked.includes(!locked)) {
        const was = c.locked;
        c.locked = was.map(() => locked);
        for (let i = 0; i < was.length; i++) {
          if (was[i] === locked) continue;
          const relay = c.settings.locks[i]!;
          this.drive(relay, locked);
          this.publish({ type: "LockChanged", lock: relay, state: locked ? "locked" : "unlocked" });
        }
      }
    }
    const mode = modeOf(c);
    if (mode !== c.mode || c.slot !== this.slotBefore) {
      c.mode = mode;
      this.publish({ type: "DoorModeChanged", mode, slot: c.slot });
    }
  }

  private slotBefore: Slot | undefined;

  /** Remembers the slot before the step, so a slot change is published even if the mode stays. */
  begin(): boolean {
    this.slotBefore = this.c.slot;
    return isHeldUnlocked(this.c);
  }

  /** Queues the new context and the side effects. */
  commit(): void {
    // The function form: XState would call function-valued properties (publish) as assigners.
    const next = this.c;
    this.enqueue.assign(() => next);
    const effects = this.effects;
    if (effects.length > 0) this.enqueue(() => effects.forEach((run) => run()));
  }

  private forget(id: DoorTimerId): void {
    if (this.c.timers[id] === undefined) return;
    const timers = this.mutableTimers();
    const due = timers[id]?.event.at;
    timers[id] = undefined;
    if (due === this.c.nextDue) this.c.nextDue = earliest(timers);
  }

  private mutableTimers(): Partial<Record<DoorTimerId, ArmedTimer | undefined>> {
    if (!this.timersCopied) {
      this.c.timers = { ...this.c.timers };
      this.timersCopied = true;
    }
    return this.c.timers as Partial<Record<DoorTimerId, ArmedTimer | undefined>>;
  }
}

/** `Omit` that keeps a union a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
