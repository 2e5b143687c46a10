/** A two-door site for testkit tests: a gate (REX inside) and a lab behind hard anti-passback, in Stockholm. */
import { weeklyVevent, type SiteFile } from "../src";

const door = (id: string, controllerId: string, rex: boolean) => ({
  id,
  name: id,
  controllerId,
  primaryLock: "r1",
  doorMonitor: { input: "in1", openWhen: "circuit-open" as const },
  sides: {
    A: { readers: [{ id: `${id}-a`, type: "osdp" as const, port: "rd1", osdp: { address: 0 } }] },
    B: {
      readers: [{ id: `${id}-b`, type: "osdp" as const, port: "rd2", osdp: { address: 1 } }],
      ...(rex && { rex: { input: "in2", activeWhen: "circuit-closed" as const } }),
    },
  },
});

/** Alice (card 1001, PIN 4321) may use both doors in office hours, Bob (card 2002) only the gate. */
export const twoDoorSite: SiteFile = {
  name: "two doors",
  timeZone: "Europe/Stockholm",
  controllers: ["c1", "c2"].map((id) => ({
    id,
    name: id,
    relays: ["r1"],
    inputs: ["in1", "in2"],
    readerPorts: ["rd1", "rd2"],
  })),
  doors: [door("gate", "c1", true), door("lab", "c2", false)],
  schedules: [
    {
      id: "office",
      name: "Office",
      vevents: [weeklyVevent(["MO", "TU", "WE", "TH", "FR"], 7 * 60, 18 * 60)],
    },
  ],
  policy: {
    cardholders: [
      { id: "alice", firstName: "Alice", lastName: "A" },
      { id: "bob", firstName: "Bob", lastName: "B" },
    ],
    credentials: [
      { id: "alice-card", cardholderId: "alice", name: "badge", kind: "card", number: "1001" },
      { id: "alice-pin", cardholderId: "alice", name: "pin", kind: "pin", pin: "4321" },
      { id: "bob-card", cardholderId: "bob", name: "badge", kind: "card", number: "2002" },
    ],
    rules: [
      { id: "alice", name: "Alice", cardholders: ["alice"], doors: ["gate", "lab"], schedules: ["office"] },
      { id: "bob", name: "Bob", cardholders: ["bob"], doors: ["gate"], schedules: ["office"] },
    ],
    zones: [
      { id: "labZone", name: "Lab", doors: [{ doorId: "lab" }], antiPassback: { mode: "hard", timeoutS: 0 } },
    ],
    doorPolicies: [{ doorId: "lab", profileId: "card-or-pin" }],
  },
};
