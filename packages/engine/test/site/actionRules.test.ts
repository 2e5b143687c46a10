/** Action rules: an event at a door or zone, in a schedule, drives outputs, reader patterns, door actions and alarms. */
import { describe, expect, it } from "vitest";
import { Either } from "effect";
import { simulateSite, type SimulatedSite, VirtualClock, hmacPinHasher } from "@portcullis/testkit";
import { createSite, type EngineEvent, validateSiteFile } from "@portcullis/engine";
import { basePolicy, MONDAY_10, SATURDAY_10, siteInput } from "../decision/fixtures";

type Rule = Record<string, unknown>;

/** The fixture site with a siren relay on controller c1 and `rules`. */
const input = (rules: ReadonlyArray<Rule>, zones: ReadonlyArray<unknown> = []) => {
  const base = siteInput();
  return {
    ...base,
    controllers: base.controllers.map((c) => (c.id === "c1" ? { ...c, relays: ["r1", "siren"] } : c)),
    actionRules: rules,
    policy: basePolicy({ zones }),
  };
};

const start = (rules: ReadonlyArray<Rule>, at = MONDAY_10, zones: ReadonlyArray<unknown> = []) => {
  const s = simulateSite(input(rules, zones), at);
  for (const doorId of ["green", "blue", "brown", "gate"]) s.push({ type: "door", doorId, open: false });
  return s;
};

const of = <T extends EngineEvent["type"]>(s: SimulatedSite, type: T) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

const siren = (state: string, extra: Rule = {}): Rule => ({
  type: "output",
  controllerId: "c1",
  relay: "siren",
  state,
  ...extra,
});

const forceOpen = (s: SimulatedSite, doorId = "green") => s.push({ type: "door", doorId, open: true });

describe("an action rule", () => {
  it("sounds a siren for its pulse when a door is held open too long, then stops it", () => {
    const s = start([
      {
        id: "otl",
        name: "Open too long siren",
        trigger: { events: ["DoorOpenTooLong"], doorId: "green" },
        actions: [siren("pulse", { durationS: 30 })],
      },
    ]);
    expect(s.outputs.get("c1:siren")).toBe(false);
    s.push({ type: "card", readerId: "green-a", number: 1001n });
    forceOpen(s);
    s.advance(14_000);
    expect(s.outputs.get("c1:siren")).toBe(false);
    s.advance(1_000);
    const alarm = of(s, "DoorOpenTooLong")[0]!;
    expect(s.outputs.get("c1:siren")).toBe(true);
    expect(of(s, "ActionRuleTriggered")).toMatchObject([
      { ruleId: "otl", cause: "DoorOpenTooLong", causeSeq: alarm.seq, doorId: "green", at: alarm.at },
    ]);
    s.advance(29_999);
    expect(s.outputs.get("c1:siren")).toBe(true);
    s.advance(1);
    expect(s.outputs.get("c1:siren")).toBe(false);
    expect(of(s, "OutputChanged").map((e) => [e.state, e.at - alarm.at, e.ruleId])).toEqual([
      ["on", 0, "otl"],
      ["off", 30_000, "otl"],
    ]);
  });

  it("holds an output on until another rule turns it off", () => {
    const s = start([
      { id: "on", name: "on", trigger: { events: ["DoorForcedOpen"] }, actions: [siren("on")] },
      { id: "off", name: "off", trigger: { events: ["DoorAlarmCleared"] }, actions: [siren("off")] },
    ]);
    forceOpen(s, "blue");
    s.advance(3_600_000);
    expect(s.outputs.get("c1:siren")).toBe(true);
    s.push({ type: "door", doorId: "blue", open: false });
    s.push({ type: "door", doorId: "blue", open: false });
    s.site.manual("blue", "reset", "guard");
    expect(of(s, "DoorAlarmCleared")).toHaveLength(1);
    expect(s.outputs.get("c1:siren")).toBe(false);
  });

  it("only fires at its door, and only while its schedule holds", () => {
    const rule = {
      id: "r",
      name: "office forced",
      trigger: { events: ["DoorForcedOpen"], doorId: "green", scheduleId: "office" },
      actions: [{ type: "alarm", name: "Forced in office hours", priority: 4 }],
    };
    const weekday = start([rule]);
    forceOpen(weekday, "blue");
    expect(of(weekday, "AlarmRaised")).toEqual([]);
    forceOpen(weekday, "green");
    expect(of(weekday, "AlarmRaised")).toMatchObject([
      { ruleId: "r", name: "Forced in office hours", priority: 4, doorId: "green" },
    ]);
    const weekend = start([rule], SATURDAY_10);
    forceOpen(weekend, "green");
    expect(of(weekend, "DoorForcedOpen")).toHaveLength(1);
    expect(of(weekend, "AlarmRaised")).toEqual([]);
  });

  it("locks down another door and shows the alert pattern on a reader", () => {
    const s = start([
      {
        id: "lock-gate",
        name: "Tailgate response",
        trigger: { events: ["DoorForcedOpen"], doorId: "green" },
        actions: [
          { type: "door", doorId: "gate", action: "lockdown" },
          { type: "feedback", readerId: "gate-a", pattern: "alert" },
        ],
      },
    ]);
    forceOpen(s);
    expect(s.site.door("gate")?.mode).toBe("LockedDown");
    expect(of(s, "ManualAction")).toMatchObject([
      { doorId: "gate", action: "lockdown", by: "action-rule:lock-gate" },
    ]);
    expect(s.feedback.map((f) => [f.readerId, f.intent])).toContainEqual(["gate-a", "alert"]);
    // A locked-down door refuses a grant: the rule says so instead of pretending.
    s.push({ type: "door", doorId: "green", open: false });
    s.site.manual("green", "reset", "guard");
    const later = start([
      {
        id: "grant-gate",
        name: "grant",
        trigger: { events: ["DoorForcedOpen"], doorId: "blue" },
        actions: [{ type: "door", doorId: "gate", action: "grant" }],
      },
    ]);
    later.site.manual("gate", "lockdown", "guard");
    forceOpen(later, "blue");
    expect(of(later, "ActionFailed")).toMatchObject([{ ruleId: "grant-gate", index: 0 }]);
    expect(later.site.door("gate")?.mode).toBe("LockedDown");
  });

  it("fires for events at the doors of its zone", () => {
    const zones = [{ id: "lab", name: "Lab", doors: [{ doorId: "blue" }] }];
    const s = start(
      [
        {
          id: "lab",
          name: "Lab forced",
          trigger: { events: ["DoorForcedOpen"], zoneId: "lab" },
          actions: [siren("on")],
        },
      ],
      MONDAY_10,
      zones,
    );
    forceOpen(s, "green");
    expect(s.outputs.get("c1:siren")).toBe(false);
    forceOpen(s, "blue");
    expect(s.outputs.get("c1:siren")).toBe(true);
  });

  it("does not set off rules with the events its own actions cause", () => {
    const s = start([
      {
        id: "echo",
        name: "echo",
        trigger: { events: ["DoorModeChanged", "ManualAction"] },
        actions: [{ type: "door", doorId: "green", action: "unlock" }],
      },
    ]);
    s.site.manual("blue", "unlock", "guard");
    expect(of(s, "ActionRuleTriggered").length).toBeGreaterThan(0);
    expect(of(s, "ActionRuleTriggered").every((e) => e.at === s.clock.now())).toBe(true);
    // Each trigger is an operator's or a door's event, never one the rule's unlock of green caused.
    const bySeq = new Map(s.events.map((e) => [e.seq, e]));
    for (const t of of(s, "ActionRuleTriggered")) {
      const cause = bySeq.get(t.causeSeq)!;
      expect(cause.type === "ManualAction" ? cause.by : (cause as { doorId?: string }).doorId).not.toBe(
        "action-rule:echo",
      );
      expect((cause as { doorId?: string }).doorId).not.toBe("green");
    }
  });

  it("can be added at runtime and is disabled without being removed", () => {
    const s = start([]);
    const rule = {
      id: "late",
      name: "late",
      trigger: { events: ["DoorForcedOpen"] },
      actions: [siren("on")],
    };
    expect(Either.isRight(s.site.configure({ op: "put", entity: "actionRule", value: rule }, "admin"))).toBe(
      true,
    );
    forceOpen(s, "green");
    expect(s.outputs.get("c1:siren")).toBe(true);
    const off = { ...rule, enabled: false, actions: [siren("off")] };
    s.site.configure({ op: "put", entity: "actionRule", value: off }, "admin");
    forceOpen(s, "blue");
    expect(of(s, "ActionRuleTriggered")).toHaveLength(1);
  });

  it("keeps what it names: removing its door or schedule is refused naming it, even with cascade", () => {
    const s = start([
      {
        id: "watch",
        name: "watch",
        trigger: { events: ["DoorForcedOpen"], doorId: "green", scheduleId: "office" },
        actions: [siren("on")],
      },
    ]);
    for (const cascade of [false, true]) {
      const door = s.site.configure({ op: "remove", entity: "door", id: "green" }, "admin", undefined, {
        cascade,
      });
      expect(Either.isLeft(door) && door.left.message).toContain('action rule "watch"');
      const schedule = s.site.configure(
        { op: "remove", entity: "schedule", id: "office" },
        "admin",
        undefined,
        {
          cascade,
        },
      );
      expect(Either.isLeft(schedule) && schedule.left.message).toContain('action rule "watch"');
    }
    expect(s.site.config.doors.map((d) => d.id)).toContain("green");
    forceOpen(s, "green");
    expect(s.outputs.get("c1:siren")).toBe(true);
  });

  it("is refused with the field when it names what does not exist or drives a lock", () => {
    const issues = (rules: ReadonlyArray<Rule>) => {
      const result = validateSiteFile(input(rules), hmacPinHasher());
      return Either.isLeft(result) ? result.left.issues.map((i) => [i.field, i.message]) : [];
    };
    const trigger = { events: ["DoorForcedOpen"] };
    expect(
      issues([{ id: "a", name: "a", trigger: { ...trigger, doorId: "nope" }, actions: [siren("on")] }]),
    ).toEqual([["actionRules[0].trigger.doorId", 'unknown door "nope"']]);
    expect(issues([{ id: "a", name: "a", trigger, actions: [{ ...siren("on"), relay: "r1" }] }])).toEqual([
      ["actionRules[0].actions[0].relay", 'relay "r1" of controller "c1" drives a door lock'],
    ]);
    expect(issues([{ id: "a", name: "a", trigger, actions: [siren("pulse")] }])).toEqual([
      ["actionRules[0].actions[0].durationS", "a pulse needs durationS"],
    ]);
    expect(
      issues([{ id: "a", name: "a", trigger: { events: ["NoSuchEvent"] }, actions: [siren("on")] }]),
    ).not.toEqual([]);
    const clock = new VirtualClock(MONDAY_10);
    expect(
      Either.isLeft(
        createSite(input([{ id: "a", name: "a", trigger, actions: [] }]), { clock, hasher: hmacPinHasher() }),
      ),
    ).toBe(true);
  });
});
