/** A small site for decision tests: the seed's green/blue/brown example, a gate, schedules, an HMAC hasher. */
import { createHmac } from "node:crypto";
import { Either } from "effect";
import {
  buildPolicyIndex,
  compileSchedule,
  fromWallClock,
  validatePolicy,
  validateSite,
  type CompiledSchedule,
  type CredentialUsage,
  type DecisionState,
  type PinHasher,
  type Policy,
  type PolicyIndex,
  type Presence,
  type Side,
  type SiteConfig,
  type Slot,
  type TwoPersonWaiting,
} from "@portcullis/engine";

/** The host's hasher: HMAC-SHA256 under a test key. */
export const hasher: PinHasher = {
  tag: (pin) => createHmac("sha256", "test key").update(pin).digest("hex"),
};

const vevent = (start: string, end: string, rrule: string): string =>
  ["BEGIN:VEVENT", `DTSTART:${start}`, `DTEND:${end}`, `RRULE:${rrule}`, "END:VEVENT"].join("\r\n");

export const TZ = "Europe/Stockholm";

/** Epoch ms of a local time in the site zone. */
export const local = (year: number, month: number, day: number, hour: number, minute = 0): number =>
  fromWallClock({ year, month, day, hour, minute, second: 0, millisecond: 0 }, TZ);
/** Monday 2026-03-02 (office hours), Saturday 2026-03-07 (not). */
export const MONDAY_10 = local(2026, 3, 2, 10);
export const SATURDAY_10 = local(2026, 3, 7, 10);

const door = (id: string, n: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `${id} door`,
  controllerId: `c${n}`,
  primaryLock: "r1",
  doorMonitor: { input: "in1", openWhen: "circuit-open" },
  sides: {
    A: { readers: [{ id: `${id}-a`, type: "osdp", port: "rd1", osdp: { address: 0 } }] },
    B: { readers: [{ id: `${id}-b`, type: "osdp", port: "rd2", osdp: { address: 1 } }] },
  },
  ...extra,
});

/** Site input: doors green, blue, brown, gate (no zone), and a monitoring door `store`. */
export const siteInput = (doorExtras: Record<string, Record<string, unknown>> = {}) => ({
  name: "zones",
  timeZone: TZ,
  controllers: [
    ...[1, 2, 3, 4].map((n) => ({
      id: `c${n}`,
      name: `controller ${n}`,
      relays: ["r1"],
      inputs: ["in1"],
      readerPorts: ["rd1", "rd2"],
    })),
    { id: "io", name: "io", kind: "io-module", relays: [], inputs: ["i1"], readerPorts: [] },
  ],
  doors: [
    door("green", 1, doorExtras["green"]),
    door("blue", 2, doorExtras["blue"]),
    door("brown", 3, doorExtras["brown"]),
    door("gate", 4, doorExtras["gate"]),
    {
      id: "store",
      name: "store",
      controllerId: "io",
      type: "monitoring",
      sensor: { input: "i1", openWhen: "circuit-open" },
    },
  ],
  schedules: [
    {
      id: "office",
      name: "Office hours",
      vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")],
    },
    {
      id: "weekend",
      name: "Weekend",
      vevents: [vevent("19700103T000000", "19700104T000000", "FREQ=WEEKLY;BYDAY=SA,SU")],
    },
  ],
});

/** The validated default site. */
export const site: SiteConfig = Either.getOrThrow(validateSite(siteInput()));

/**
 * The seed's example: green zone (green door internal, brown door perimeter), blue zone (blue door
 * perimeter, brown door perimeter). Blue door side A enters blue; brown door side A enters green and
 * leaves blue.
 */
export const seedZones = (antiPassback?: { mode: "soft" | "hard"; timeoutS: number }) => [
  {
    id: "greenZone",
    name: "Green zone",
    doors: [
      { doorId: "green", role: "internal" },
      { doorId: "brown", role: "perimeter" },
    ],
    ...(antiPassback ? { antiPassback } : {}),
  },
  {
    id: "blueZone",
    name: "Blue zone",
    doors: [
      { doorId: "blue", role: "perimeter" },
      { doorId: "brown", role: "perimeter", leave: true },
    ],
    ...(antiPassback ? { antiPassback } : {}),
  },
];

/** Cardholder `alice` with card 1001 and PIN 4321 (duress 9999); rule: everyone at every door in office hours. */
export const basePolicy = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  cardholders: [
    { id: "alice", firstName: "Alice", lastName: "A" },
    { id: "bob", firstName: "Bob", lastName: "B" },
  ],
  credentials: [
    { id: "alice-card", cardholderId: "alice", name: "badge", kind: "card", number: "1001" },
    { id: "alice-pin", cardholderId: "alice", name: "pin", kind: "pin", pin: "432198", duressPin: "999999" },
    { id: "bob-card", cardholderId: "bob", name: "badge", kind: "card", number: "2002" },
    { id: "bob-pin", cardholderId: "bob", name: "pin", kind: "pin", pin: "555123" },
  ],
  groups: [{ id: "staff", name: "Staff", initials: "ST", members: ["alice", "bob"] }],
  rules: [
    {
      id: "staff-all",
      name: "Staff",
      groups: ["staff"],
      doors: ["green", "blue", "brown", "gate"],
      schedules: ["office"],
    },
  ],
  ...extra,
});

/** Validates a policy for `siteConfig` or throws. */
export const policyOf = (input: unknown, siteConfig: SiteConfig = site): Policy =>
  Either.getOrThrow(validatePolicy(input, siteConfig, hasher)).policy;

/** The site's compiled schedules. */
export const schedulesOf = (siteConfig: SiteConfig): Map<string, CompiledSchedule> =>
  new Map(
    siteConfig.schedules.map((d) => [d.id, Either.getOrThrow(compileSchedule(d, siteConfig.timeZone))]),
  );

/** Validates and indexes a policy. */
export const indexOf = (input: unknown, siteConfig: SiteConfig = site): PolicyIndex =>
  buildPolicyIndex(policyOf(input, siteConfig), siteConfig, schedulesOf(siteConfig), hasher);

/** What the actors would know, held in plain maps. */
export class MemoryState implements DecisionState {
  readonly slots = new Map<string, Slot>();
  readonly presences = new Map<string, Presence>();
  readonly waiting = new Map<string, TwoPersonWaiting>();
  readonly usages = new Map<string, CredentialUsage>();
  slot(doorId: string): Slot {
    return this.slots.get(doorId) ?? "none";
  }
  presence(zoneId: string, cardholderId: string): Presence | undefined {
    return this.presences.get(`${zoneId}/${cardholderId}`);
  }
  twoPersonWaiting(doorId: string, side: Side): TwoPersonWaiting | undefined {
    return this.waiting.get(`${doorId}/${side}`);
  }
  usage(credentialId: string): CredentialUsage {
    return this.usages.get(credentialId) ?? { uses: 0 };
  }
}
