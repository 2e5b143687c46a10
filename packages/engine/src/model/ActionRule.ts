/**
 * Action rules (seed: "Set up an action rule to configure which action the open too long event triggers"): an
 * event at a local door or zone, while a schedule holds, sets off actions — an output, a reader pattern, a door
 * or zone manual action, an alarm.
 */
import { Schema } from "effect";
import type { ConfigIssue } from "../errors";
import { EngineEvent } from "../events";
import type { Policy } from "./Policy";
import type { SiteConfig } from "./Site";

const Id = Schema.NonEmptyString;

/** Every event type the engine publishes, as a trigger may name it. */
const EVENT_TYPES = EngineEvent.members.map((m) => m.fields.type.literals[0]);
const EventType = Schema.Literal(...EVENT_TYPES);

const ManualAction = Schema.Literal("reset", "grant", "unlock", "lock", "lockdown");

/** What sets a rule off: one of these events, at this door or zone if named, while the schedule holds. */
export const ActionTrigger = Schema.Struct({
  events: Schema.NonEmptyArray(EventType),
  doorId: Schema.optional(Id),
  zoneId: Schema.optional(Id),
  scheduleId: Schema.optional(Id),
});
export type ActionTrigger = typeof ActionTrigger.Type;

/**
 * An auxiliary relay of a controller: `on` and `off` hold until changed, `pulse` is on for `durationS` and then
 * off (a pulse during a pulse restarts it).
 */
export const OutputAction = Schema.Struct({
  type: Schema.Literal("output"),
  controllerId: Id,
  relay: Id,
  state: Schema.Literal("on", "off", "pulse"),
  durationS: Schema.optional(Schema.Number.pipe(Schema.positive(), Schema.lessThanOrEqualTo(86_400))),
});
export type OutputAction = typeof OutputAction.Type;

/** A reader's LED and buzzer pattern. */
export const FeedbackAction = Schema.Struct({
  type: Schema.Literal("feedback"),
  readerId: Id,
  pattern: Schema.Literal("grant", "deny", "alert"),
});

/** A manual action on a door, by `action-rule:<id>`. */
export const DoorAction = Schema.Struct({ type: Schema.Literal("door"), doorId: Id, action: ManualAction });

/** A manual action on every door of a zone. */
export const ZoneAction = Schema.Struct({ type: Schema.Literal("zone"), zoneId: Id, action: ManualAction });

/** An alarm for the operators, with its priority (1 lowest, 5 highest). */
export const AlarmAction = Schema.Struct({
  type: Schema.Literal("alarm"),
  name: Schema.NonEmptyString,
  priority: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 5)), { default: () => 3 }),
});

export const Action = Schema.Union(OutputAction, FeedbackAction, DoorAction, ZoneAction, AlarmAction);
export type Action = typeof Action.Type;

export const ActionRule = Schema.Struct({
  id: Id,
  name: Schema.String,
  enabled: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  trigger: ActionTrigger,
  actions: Schema.NonEmptyArray(Action),
});
export type ActionRule = typeof ActionRule.Type;

/**
 * References Schema cannot check: every door, zone, schedule, reader and controller a rule names exists, an output
 * is a controller relay no door uses as a lock, and a pulse says how long.
 */
export const actionRuleIssues = (site: SiteConfig, policy: Policy): ConfigIssue[] => {
  const doors = new Set(site.doors.map((d) => d.id));
  const zones = new Set(policy.zones.map((z) => z.id));
  const schedules = new Set(site.schedules.map((s) => s.id));
  const readers = new Set(
    site.doors.flatMap((d) =>
      d.type === "monitoring" ? [] : [...d.sides.A.readers, ...d.sides.B.readers].map((r) => r.id),
    ),
  );
  const controllers = new Map(site.controllers.map((c) => [c.id, c]));
  const locks = new Set(
    site.doors.flatMap((d) =>
      d.type === "monitoring"
        ? []
        : [d.primaryLock, ...(d.secondaryLock === undefined ? [] : [d.secondaryLock])].map(
            (relay) => `${d.controllerId}:${relay}`,
          ),
    ),
  );
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  site.actionRules.forEach((rule, i) => {
    const at = (field: string) => `actionRules[${i}].${field}`;
    const unknown = (field: string, what: string, id: string) =>
      issues.push({ field: at(field), message: `unknown ${what} "${id}"` });
    if (seen.has(rule.id)) issues.push({ field: at("id"), message: `duplicate action rule id "${rule.id}"` });
    seen.add(rule.id);
    const t = rule.trigger;
    if (t.doorId !== undefined && !doors.has(t.doorId)) unknown("trigger.doorId", "door", t.doorId);
    if (t.zoneId !== undefined && !zones.has(t.zoneId)) unknown("trigger.zoneId", "zone", t.zoneId);
    if (t.scheduleId !== undefined && !schedules.has(t.scheduleId))
      unknown("trigger.scheduleId", "schedule", t.scheduleId);
    rule.actions.forEach((a, j) => {
      const field = (name: string) => `actions[${j}].${name}`;
      switch (a.type) {
        case "output": {
          const controller = controllers.get(a.controllerId);
          if (controller === undefined) unknown(field("controllerId"), "controller", a.controllerId);
          else if (!controller.relays.includes(a.relay))
            issues.push({
              field: at(field("relay")),
              message: `controller "${a.controllerId}" has no relay "${a.relay}"`,
            });
          else if (locks.has(`${a.controllerId}:${a.relay}`))
            issues.push({
              field: at(field("relay")),
              message: `relay "${a.relay}" of controller "${a.controllerId}" drives a door lock`,
            });
          if (a.state === "pulse" && a.durationS === undefined)
            issues.push({ field: at(field("durationS")), message: "a pulse needs durationS" });
          return;
        }
        case "feedback":
          if (!readers.has(a.readerId)) unknown(field("readerId"), "reader", a.readerId);
          return;
        case "door":
          if (!doors.has(a.doorId)) unknown(field("doorId"), "door", a.doorId);
          return;
        case "zone":
          if (!zones.has(a.zoneId)) unknown(field("zoneId"), "zone", a.zoneId);
          return;
        case "alarm":
          return;
      }
    });
  });
  return issues;
};
