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
  /** The grant an opening takes: the latest card grant, else the first grant of the cycle. */
  readonly grant: Grant;
  readonly deadline: number;
  readonly long: boolean;
  /** Granted to a cardholder while the slot was `lock`: the slot returns to `none` when it ends. */
  readonly releasesLockSlot: boolean;
  /** The door opened for this grant; a later grant starts a new cycle rather than superseding it. */
  readonly taken: boolean;
  /** Until when a REX unlock in the cycle authorises its exit, even if lockdown cancels the cycle. */
  readonly rexUntil: number | undefined;
}

/** Context of a door actor. */
export interface DoorContext {
  readonly id: string;
  readonly settings: DoorSettings;
  /** Wiring and timing waiting for the running access cycle to end (DESIGN §3). */
  readonly pendingSettings: DoorSettings | undefined;
  readonly publish: (event: EngineEventInput) => void;
  /** Told when the door's snapshot changed without an event: its first position reading. */
  readonly seen: ((doorId: string) => void) | undefined;
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
  /**
   * The door's current opening took a long grant: its open-too-long time is the long one, and a
   * later ordinary grant never shortens it.
   */
  readonly openingLong: boolean;
  /** Last driven state of each lock relay, `true` = locked. */
  readonly locked: ReadonlyArray<boolean>;
  readonly mode: DoorMode;
  readonly controllerOnline: boolean;
  /** Deadlines of the armed timers; a fired or cancelled one is left `undefined`, not deleted (V8 slows a dictionary down). */
  readonly timers: Partial<Record<DoorTimerId, number | undefined>>;
  /** First swipes of two-person accesses, per side, waiting for a second cardholder. */
  readonly twoPerson: Partial<Record<Side, TwoPersonWaiting>>;
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

/** A position reading counts unless the door monitor is faulted: its position is then Unknown. */
export const monitorFaulted = (c: Pick<DoorContext, "inputs">): boolean =>
  c.inputs.monitor === "cut" || c.inputs.monitor === "short";

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

  /** The snapshot changed without an event: whoever shows it is told, after this step like an event. */
  private quietly(): void {
    const { seen, id } = this.c;
    if (seen !== undefined) this.effects.push(() => seen(id));
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
    this.mutableTimers()[id] = event.at;
  }

  disarm(id: DoorTimerId): void {
    if (this.c.timers[id] === undefined) return;
    this.enqueue.cancel(id);
    this.forget(id);
  }

  // ---- position, alarms ------------------------------------------------------------------

  /**
   * A debounced change of the door monitor (or a position input already debounced). The first
   * reading (after start, a fault or an offline controller) is taken silently: no opening, no
   * forced-open; but a door seen closed has no alarm standing any more.
   */
  setPosition(open: boolean): void {
    const c = this.c;
    const prev = c.position;
    const next = open ? "open" : "closed";
    if (prev === next || monitorFaulted(c)) return;
    c.position = next;
    const seen = prev !== "unknown";
    if (open) {
      c.openingLong = c.cycle?.long ?? false;
      if (seen) this.opening();
      else this.quietly();
      this.startOpenTooLong();
      return;
    }
    if (seen) this.publish({ type: "DoorClosed" });
    else this.quietly();
    this.disarm("openTooLong");
    if (c.forcedOpen || c.openTooLong) {
      c.forcedOpen = false;
      c.openTooLong = false;
      this.publish({ type: "DoorAlarmCleared" });
    }
  }

  private opening(): void {
    this.publish({ type: "DoorOpened" });
    // A REX window authorises one opening, whether or not the lock needed it for that one.
    const rexAuthorised = this.consumeRexWindow();
    if (this.allLocked() && !rexAuthorised) {
      this.c.forcedOpen = true;
      this.publish({ type: "DoorForcedOpen" });
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
    const ms = c.openingLong ? c.settings.longOpenTooLongMs : c.settings.openTooLongMs;
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

  /**
   * The door can no longer be seen: a taken cycle then relocks as it would without a monitor, when
   * its access time ends (`ACCESS_END` while blind), or now if that has passed.
   */
  private positionUnknown(): void {
    const c = this.c;
    c.position = "unknown";
    this.disarm("openTooLong");
    if (c.cycle?.taken && c.cycle.deadline <= this.at) {
      this.disarm("access");
      this.raise({ type: "ACCESS_END", at: this.at });
    }
  }

  // ---- access cycle ----------------------------------------------------------------------

  accessMsOf(grant: Grant): number {
    const s = this.c.settings;
    return grant.accessMs ?? (grant.long ? s.longAccessMs : s.accessMs);
  }

  /**
   * Starts or extends the access cycle. While a grant is pending, the unlock runs to the later of
   * the two deadlines, long if either grant was long (and never ends before a scheduled relock); a card grant supersedes the pending one (which
   * is then not taken), a REX or a manual grant joins it (an opening is the pending grant's).
   */
  startCycle(grant: Grant): void {
    const c = this.c;
    if (grant.side !== undefined && grant.cardholderIds.length > 1) this.twoPersonEnd(grant.side, false);
    const prev = c.cycle;
    const pending = prev !== undefined && !prev.taken ? prev : undefined;
    const joins = pending !== undefined && grant.kind !== "credential";
    const deadline = this.at + this.accessMsOf(grant);
    if (pending && !joins) this.notTaken(pending.grant);
    // Never relock earlier than a relock already scheduled (a long relock delay after a passage).
    const earliest = pending?.deadline ?? c.timers.relock ?? deadline;
    this.disarm("relock");
    c.cycle = {
      grant: joins ? pending.grant : grant,
      deadline: Math.max(earliest, deadline),
      long: grant.long || (pending?.long ?? false),
      releasesLockSlot:
        (c.slot === "lock" && grant.kind === "credential") || (prev?.releasesLockSlot ?? false),
      taken: false,
      rexUntil: grant.kind === "rex" ? deadline : pending?.rexUntil,
    };
    this.arm({ type: "ACCESS_END", at: c.cycle.deadline });
  }

  /** The cycle's grant is taken: the door opened (or was open when it was granted); `seen` announces it. */
  taken(seen: boolean): void {
    const cycle = this.c.cycle;
    if (!cycle) return;
    this.c.cycle = { ...cycle, taken: true };
    if (!seen) return;
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
    this.taken(true);
    if (this.c.cycle?.long) this.c.openingLong = true;
    this.startOpenTooLong();
  }

  /** While the door cannot be seen (no monitor, a faulted one, no reading yet) nobody knows (DESIGN §4). */
  private notTaken(grant: Grant): void {
    if (this.c.position === "unknown") return;
    this.publish({ type: "AccessNotTaken", grantId: grant.grantId, cardholderIds: grant.cardholderIds });
  }

  /** The cycle ends before anyone opened: an access time run out, or lockdown. */
  notTakenIfPending(): void {
    const cycle = this.c.cycle;
    if (cycle && !cycle.taken) this.notTaken(cycle.grant);
  }

  /** Lockdown cancels the cycle, but a REX unlock in it still authorises the exit it was for. */
  cancelCycle(): void {
    const c = this.c;
    const rexUntil = c.cycle?.taken === false ? c.cycle.rexUntil : undefined;
    this.notTakenIfPending();
    this.endCycle();
    if (rexUntil !== undefined && rexUntil > this.at) this.openRexWindow(rexUntil);
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
    // A grant like any other, but one that joins a pending grant rather than superseding it.
    if (wiring?.action === "unlock" && c.slot !== "lockdown")
      return {
        grantId: `rex:${c.id}:${this.at}`,
        kind: "rex",
        cardholderIds: [],
        side,
        long: false,
        exempt: false,
      };
    // Action `none`, or any REX in lockdown: nothing unlocks, but one opening is authorised.
    this.openRexWindow(this.at + c.settings.accessMs);
    return undefined;
  }

  private openRexWindow(until: number): void {
    if ((this.c.rexWindowUntil ?? -Infinity) >= until) return;
    this.c.rexWindowUntil = until;
    this.arm({ type: "REX_WINDOW_END", at: until });
  }

  rexWindowEnd(): void {
    this.c.rexWindowUntil = undefined;
  }

  // ---- slot, override, schedule --------------------------------------------------------------

  setSlot(slot: Slot): void {
    const c = this.c;
    c.slot = slot;
    if (slot === "none") this.endOverride(undefined);
    // Lock pressed during the cycle of the grant that was to end an earlier Lock: last command wins.
    if (slot === "lock" && c.cycle?.releasesLockSlot) c.cycle = { ...c.cycle, releasesLockSlot: false };
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
    if (!online) {
      // Readings from before are stale: the first one after the controller is back is a first reading.
      const faults: DoorContext["inputs"] = {};
      for (const [role, state] of Object.entries(c.inputs) as Array<[DoorInputRole, InputState]>)
        if (state === "cut" || state === "short") faults[role] = state;
      c.inputs = faults;
      for (const role of ["monitor", "rex:A", "rex:B"] as const) this.disarm(`debounce:${role}`);
      return this.positionUnknown();
    }
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
    if (this.c.timers[id] !== undefined) this.mutableTimers()[id] = undefined;
  }

  private mutableTimers(): Partial<Record<DoorTimerId, number | undefined>> {
    if (!this.timersCopied) {
      this.c.timers = { ...this.c.timers };
      this.timersCopied = true;
    }
    return this.c.timers as Partial<Record<DoorTimerId, number | undefined>>;
  }
}

/** `Omit` that keeps a union a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
