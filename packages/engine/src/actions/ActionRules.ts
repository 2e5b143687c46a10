/**
 * Runs the site's action rules: each published event is matched against the enabled rules that name its type,
 * and a matching rule's actions run at once, in order, after `ActionRuleTriggered`. Events the actions cause do
 * not set off rules themselves: a rule that locks down a door on `DoorModeChanged` cannot loop.
 */
import { type Actor, createActor } from "xstate";
import type { EngineClock } from "../EngineClock";
import type { EngineEvent, EngineEventInput } from "../events";
import type { ManualCommand } from "../actors/manualSlot";
import type { FeedbackIntent } from "../actors/readerMachine";
import type { Action, ActionRule } from "../model/ActionRule";
import type { CompiledSchedule } from "../model/Schedule";
import type { Supervisor } from "../Supervisor";
import { type OutputDriver, outputMachine } from "./outputMachine";

/** Why a manual action was refused, as the site says it. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** What the rules act on: the site's doors, zones, readers, outputs and journal. */
export interface ActionTarget {
  readonly clock: EngineClock;
  readonly publish: (event: EngineEventInput) => void;
  readonly supervisor: Supervisor;
  readonly outputs: OutputDriver;
  readonly feedback: (readerId: string, intent: FeedbackIntent) => void;
  readonly schedule: (scheduleId: string) => CompiledSchedule | undefined;
  /** The doors a zone's passages lead into or out of. */
  readonly zoneDoors: (zoneId: string) => ReadonlyArray<string>;
  /** A door or zone manual action at `at`, without catching up timers (the rule runs inside the site's step). */
  readonly door: (doorId: string, action: ManualCommand, by: string, at: number) => Refusal | undefined;
  readonly zone: (zoneId: string, action: ManualCommand, by: string, at: number) => Refusal | undefined;
}

type OutputActor = Actor<typeof outputMachine>;

interface Armed {
  readonly rule: ActionRule;
  /** The doors of the trigger's zone, resolved when the rules were set. */
  readonly zoneDoors: ReadonlySet<string> | undefined;
}

const outputKey = (controllerId: string, relay: string): string => `${controllerId}:${relay}`;

/** The site's action rules and the output actors they drive. */
export class ActionRules {
  private byType = new Map<string, Armed[]>();
  private readonly outputs = new Map<string, OutputActor>();
  private acting = false;
  private started = false;

  constructor(
    private readonly target: ActionTarget,
    rules: ReadonlyArray<ActionRule>,
  ) {
    this.set(rules);
  }

  /**
   * Replaces the rules. An output still named keeps its state (a siren on stays on); one no longer named is
   * driven off and its actor stopped.
   */
  set(rules: ReadonlyArray<ActionRule>): void {
    this.byType = new Map();
    const named = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const zoneId = rule.trigger.zoneId;
      const armed: Armed = {
        rule,
        zoneDoors: zoneId === undefined ? undefined : new Set(this.target.zoneDoors(zoneId)),
      };
      for (const type of rule.trigger.events) {
        const list = this.byType.get(type) ?? [];
        list.push(armed);
        this.byType.set(type, list);
      }
      for (const a of rule.actions) {
        if (a.type !== "output") continue;
        const key = outputKey(a.controllerId, a.relay);
        named.add(key);
        if (!this.outputs.has(key)) this.addOutput(a.controllerId, a.relay);
      }
    }
    for (const [key, actor] of this.outputs)
      if (!named.has(key)) {
        actor.stop();
        this.outputs.delete(key);
        const { controllerId, relay } = actor.getSnapshot().context;
        this.target.outputs.setOutput(controllerId, relay, false);
      }
  }

  start(): void {
    this.started = true;
    for (const actor of this.outputs.values()) actor.start();
  }

  stop(): void {
    for (const actor of this.outputs.values()) actor.stop();
  }

  /** Called with every published event, after its subscribers saw it. */
  notify(event: EngineEvent): void {
    if (this.acting) return;
    const armed = this.byType.get(event.type);
    if (armed === undefined) return;
    const matching = armed.filter((a) => this.matches(a, event));
    if (matching.length === 0) return;
    this.acting = true;
    try {
      for (const { rule } of matching) this.run(rule, event);
    } finally {
      this.acting = false;
    }
  }

  private matches({ rule, zoneDoors }: Armed, event: EngineEvent): boolean {
    const { doorId, zoneId, scheduleId } = rule.trigger;
    const e = event as { doorId?: string; zoneId?: string; fromZone?: string; toZone?: string };
    if (doorId !== undefined && e.doorId !== doorId) return false;
    if (
      zoneId !== undefined &&
      e.zoneId !== zoneId &&
      e.fromZone !== zoneId &&
      e.toZone !== zoneId &&
      !(e.doorId !== undefined && zoneDoors?.has(e.doorId) === true)
    )
      return false;
    if (scheduleId === undefined) return true;
    // A schedule removed since is refused by validation; guard anyway: no schedule, no trigger.
    return this.target.schedule(scheduleId)?.isActive(event.at) === true;
  }

  private run(rule: ActionRule, cause: EngineEvent): void {
    const at = cause.at;
    const e = cause as { doorId?: string; zoneId?: string };
    this.target.publish({
      type: "ActionRuleTriggered",
      at,
      ruleId: rule.id,
      name: rule.name,
      cause: cause.type,
      causeSeq: cause.seq,
      ...(e.doorId !== undefined && { doorId: e.doorId }),
      ...(e.zoneId !== undefined && { zoneId: e.zoneId }),
    });
    rule.actions.forEach((action, index) => {
      const refusal = this.act(rule, action, at, e);
      if (refusal !== undefined)
        this.target.publish({ type: "ActionFailed", at, ruleId: rule.id, index, ...refusal });
    });
  }

  private act(
    rule: ActionRule,
    action: Action,
    at: number,
    cause: { doorId?: string; zoneId?: string },
  ): Refusal | undefined {
    const by = `action-rule:${rule.id}`;
    switch (action.type) {
      case "output": {
        const actor = this.outputs.get(outputKey(action.controllerId, action.relay))!;
        if (action.state === "pulse")
          actor.send({ type: "PULSE", at, ruleId: rule.id, ms: (action.durationS ?? 0) * 1000 });
        else actor.send({ type: action.state === "on" ? "ON" : "OFF", at, ruleId: rule.id });
        return undefined;
      }
      case "feedback":
        this.target.feedback(action.readerId, action.pattern);
        return undefined;
      case "door":
        return this.target.door(action.doorId, action.action, by, at);
      case "zone":
        return this.target.zone(action.zoneId, action.action, by, at);
      case "alarm":
        this.target.publish({
          type: "AlarmRaised",
          at,
          ruleId: rule.id,
          name: action.name,
          priority: action.priority,
          ...(cause.doorId !== undefined && { doorId: cause.doorId }),
          ...(cause.zoneId !== undefined && { zoneId: cause.zoneId }),
        });
        return undefined;
    }
  }

  /** A new output actor, driven off; supervised like every root actor. */
  private addOutput(controllerId: string, relay: string): OutputActor {
    const key = outputKey(controllerId, relay);
    this.target.outputs.setOutput(controllerId, relay, false);
    const actor = createActor(outputMachine, {
      clock: this.target.clock,
      input: { controllerId, relay, outputs: this.target.outputs, publish: this.target.publish },
    });
    this.target.supervisor.watch(actor, `output:${key}`, () => {
      // The rebuilt actor starts off, as the relay is driven: a failed pulse ends early rather than never.
      if (this.outputs.get(key) === actor) this.addOutput(controllerId, relay);
    });
    this.outputs.set(key, actor);
    if (this.started) actor.start();
    return actor;
  }
}
