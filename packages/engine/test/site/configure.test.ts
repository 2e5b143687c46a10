/** Configuration changes at runtime: validated, journalled, applied as DESIGN §3 says. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { simulateSite } from "@portcullis/testkit";
import type { StandardDoor } from "@portcullis/engine";
import { basePolicy, MONDAY_10, siteInput } from "../decision/fixtures";

const start = (
  doorExtras: Record<string, Record<string, unknown>> = {},
  extra: Record<string, unknown> = {},
) => {
  const s = simulateSite({ ...siteInput(doorExtras), ...extra, policy: basePolicy() }, MONDAY_10);
  for (const d of ["green", "blue", "brown", "gate"]) s.push({ type: "door", doorId: d, open: false });
  return s;
};
const gateDoor = (s: ReturnType<typeof start>) =>
  s.site.config.doors.find((d) => d.id === "gate") as StandardDoor;

describe("configure", () => {
  it("a suspended cardholder is denied on the next swipe, and the change is journalled", () => {
    const s = start();
    const result = s.site.configure(
      {
        op: "put",
        entity: "cardholder",
        value: { id: "alice", firstName: "Alice", lastName: "A", suspended: true },
      },
      "admin",
    );
    expect(Either.isRight(result)).toBe(true);
    expect(s.events.at(-1)).toMatchObject({
      type: "ConfigChanged",
      entity: "cardholder",
      id: "alice",
      change: "put",
      by: "admin",
    });
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.events.at(-1)).toMatchObject({ type: "AccessDenied", reason: "CredentialNotEnabled" });
  });

  it("a removed unlock schedule locks its door at once", () => {
    const s = start({ gate: { unlockSchedule: "office" } });
    expect(s.site.door("gate")?.mode).toBe("Unlocked");
    const { unlockSchedule: _, ...door } = gateDoor(s);
    expect(Either.isRight(s.site.configure({ op: "put", entity: "door", value: door }, "admin"))).toBe(true);
    expect(s.site.door("gate")?.mode).toBe("Locked");
    expect(s.relays.get("c4:r1")).toBe(true);
  });

  it("a new access time applies after the running cycle, never shortening it", () => {
    const s = start();
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    const door = gateDoor(s);
    s.site.configure(
      { op: "put", entity: "door", value: { ...door, timing: { ...door.timing, accessTimeS: 2 } } },
      "admin",
    );
    s.advance(6_999);
    expect(s.relays.get("c4:r1")).toBe(false);
    s.advance(1);
    expect(s.relays.get("c4:r1")).toBe(true);
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    s.advance(2_000);
    expect(s.relays.get("c4:r1")).toBe(true);
  });

  it("an invalid change is refused with the field named and changes nothing", () => {
    const s = start();
    const before = s.events.length;
    const result = s.site.configure(
      { op: "put", entity: "rule", value: { id: "r", name: "r", doors: ["nowhere"] } },
      "admin",
    );
    expect(Either.isLeft(result) && result.left._tag === "ConfigError" && result.left.field).toBe("doors[0]");
    expect(s.events.length).toBe(before);
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.events.at(-1)?.type).not.toBe("AccessDenied");
  });

  it("presence survives a structural change", () => {
    const s = start();
    s.site.configure(
      {
        op: "put",
        entity: "zone",
        value: {
          id: "z",
          name: "Zone",
          doors: [{ doorId: "gate", role: "perimeter" }],
          antiPassback: { mode: "hard", timeoutS: 0 },
        },
      },
      "admin",
    );
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    s.push({ type: "door", doorId: "gate", open: true });
    s.push({ type: "door", doorId: "gate", open: false });
    s.site.configure(
      { op: "set", entity: "pin", value: { minLength: 4, maxLength: 8, endCharacter: "#" } },
      "admin",
    );
    expect(s.site.presenceOf("alice")).toEqual([{ zoneId: "z", enteredAt: MONDAY_10 }]);
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.events.filter((e) => e.type === "AccessDenied")).toMatchObject([
      { reason: "AntiPassbackViolation" },
    ]);
  });

  it("removing a cardholder with cascade drops them from groups and rules, and their card stops working", () => {
    const s = start();
    expect(
      Either.isRight(
        s.site.configure({ op: "remove", entity: "cardholder", id: "alice" }, "admin", undefined, {
          cascade: true,
        }),
      ),
    ).toBe(true);
    expect(s.site.policy.groups[0]?.members).toEqual(["bob"]);
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.events.at(-1)).toMatchObject({ type: "AccessDenied", reason: "CredentialNotFound" });
  });
});

const CAROL = {
  op: "put",
  entity: "cardholder",
  value: { id: "carol", firstName: "Carol", lastName: "C" },
} as const;
const CAROL_CARD = {
  op: "put",
  entity: "credential",
  value: { id: "carol-card", cardholderId: "carol", name: "b", kind: "card", number: "3003" },
} as const;

describe("configureBatch", () => {
  it("applies people changes in order as one ConfigChanged, skipping and answering a refused one", () => {
    const s = start();
    const before = s.events.length;
    const refused = s.site.configureBatch(
      [
        CAROL,
        {
          op: "put",
          entity: "credential",
          value: { id: "x", cardholderId: "nobody", name: "b", kind: "card", number: "7" },
        },
        CAROL_CARD,
        {
          op: "put",
          entity: "group",
          value: { id: "staff", name: "Staff", initials: "ST", members: ["alice", "bob", "carol"] },
        },
        { op: "remove", entity: "cardholder", id: "bob" },
        { op: "put", entity: "door", value: {} },
      ],
      "sync",
      "main",
    );
    expect(refused.map((r) => r !== undefined)).toEqual([false, true, false, false, false, true]);
    expect(s.events.slice(before)).toMatchObject([
      {
        type: "ConfigChanged",
        entity: "site",
        id: "sync",
        change: "replace",
        by: "main",
        fields: { cardholder: { before: 2, after: 2 } },
      },
    ]);
    expect(s.site.policy.groups[0]?.members).toEqual(["alice", "carol"]);
    const from = s.events.length;
    s.push({ type: "card", readerId: "gate-a", number: 3003n });
    expect(s.events.slice(from).map((e) => e.type)).toContain("AccessGranted");
  });
});

describe("configureBatchInSteps", () => {
  it("stops after each step, decides cards in between with the changes so far, and announces the batch once at the end", () => {
    const s = start();
    const before = s.events.length;
    const steps = s.site.configureBatchInSteps(
      [
        CAROL,
        CAROL_CARD,
        { op: "put", entity: "door", value: {} },
        { op: "remove", entity: "cardholder", id: "bob" },
      ],
      "sync",
      "main",
      2,
    );
    expect(steps.next()).toEqual({ done: false, value: 2 });
    // Between steps: Carol's card is known already (in no group yet), Bob is still there, nothing is announced.
    s.push({ type: "card", readerId: "gate-a", number: 3003n });
    expect(s.events.slice(before)).toMatchObject([{ type: "AccessDenied", reason: "Unauthorized" }]);
    expect(s.site.policy.cardholders.some((c) => c.id === "bob")).toBe(true);
    const last = steps.next();
    expect(last.done).toBe(true);
    expect((last.value as ReadonlyArray<unknown>).map((r) => r !== undefined)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(s.events.slice(before).filter((e) => e.type === "ConfigChanged")).toMatchObject([
      { entity: "site", id: "sync", change: "replace", fields: { cardholder: { before: 2, after: 2 } } },
    ]);
    expect(s.events.at(-1)?.type).toBe("ConfigChanged");
    expect(s.site.policy.cardholders.some((c) => c.id === "bob")).toBe(false);
  });
});

describe("card formats", () => {
  it("a reader's custom set is flagged, and a format change at runtime applies to the next read", () => {
    const s = simulateSite(
      {
        ...siteInput({
          gate: {
            sides: {
              A: { readers: [{ id: "gate-a", type: "osdp", port: "rd1", osdp: { address: 0 } }] },
              B: {
                readers: [
                  { id: "gate-b", type: "osdp", port: "rd2", osdp: { address: 1 }, cardFormats: ["H10301"] },
                ],
              },
            },
          },
        }),
        policy: basePolicy(),
      },
      MONDAY_10,
    );
    expect(s.site.reader("gate-a")?.cardFormats).toBe("site");
    expect(s.site.reader("gate-b")?.cardFormats).toBe("custom");
    const bits32 = (1001).toString(2).padStart(32, "0");
    s.push({ type: "card", readerId: "gate-a", bits: bits32 });
    expect(s.site.reader("gate-a")?.lastRead).toMatchObject({ card: undefined });
    const custom = {
      name: "Plain32",
      bits: 32,
      cardNumber: { range: { from: 0, to: 31 } },
      active: true,
    };
    expect(
      Either.isRight(s.site.configure({ op: "set", entity: "cardFormats", value: [custom] }, "admin")),
    ).toBe(true);
    s.push({ type: "card", readerId: "gate-a", bits: bits32 });
    expect(s.site.reader("gate-a")?.lastRead).toMatchObject({ card: { number: 1001n }, format: "Plain32" });
    const bad = s.site.configure(
      { op: "set", entity: "cardFormats", value: [{ ...custom, bits: 0 }] },
      "admin",
    );
    expect(Either.isLeft(bad) && bad.left._tag === "ConfigError" && bad.left.field).toMatch(
      /^cardFormats\[0\]/,
    );
  });
});
