/**
 * The built-in demo site of `portcullis start` without `--config`: six controllers, eight doors (one
 * a monitoring door), two anti-passback zones sharing the lab door, 50 cardholders with cards and
 * PINs, groups, rules and schedules — in the `--config` format.
 */

const vevent = (start: string, end: string, rrule: string) =>
  ["BEGIN:VEVENT", `DTSTART:${start}`, `DTEND:${end}`, `RRULE:${rrule}`, "END:VEVENT"].join("\r\n");

const osdp = (id: string, port: string, address: number, secureChannel: boolean) => ({
  id,
  type: "osdp",
  port,
  osdp: { address, secureChannel },
});

const controller = (id: string, name: string) => ({
  id,
  name,
  relays: ["r1", "r2"],
  inputs: ["in1", "in2", "in3", "in4"],
  readerPorts: ["rd1", "rd2"],
});

const monitor = (input: string) => ({ input, openWhen: "circuit-open", debounceMs: 50 });

const FIRST = ["Alva", "Bo", "Cleo", "Dag", "Ebba", "Filip", "Greta", "Hugo", "Ines", "Jonas"];
const LAST = ["Ek", "Lind", "Berg", "Holm", "Strand"];

/** The demo's card numbers: 10001… for cardholders 1…50 (H10301 cards, facility code 17). */
export const DEMO_FACILITY = 17;
export const demoCardNumber = (i: number) => 10_000 + i;
/** The demo's PINs, unique six digits per cardholder. */
export const demoPin = (i: number) => String(100_000 + ((i * 7919) % 900_000));

const cardholders = Array.from({ length: 50 }, (_, k) => {
  const i = k + 1;
  return {
    id: `ch${String(i).padStart(2, "0")}`,
    firstName: FIRST[k % FIRST.length]!,
    lastName: LAST[Math.floor(k / FIRST.length) % LAST.length]!,
    email: `person${i}@demo.example`,
    ...(i <= 3 && { exemptFromLockdown: true, allowDoubleSwipe: true }),
    ...(i === 5 && { longAccess: true }),
  };
});

/** The demo site file. */
export const demoSiteFile = () => ({
  name: "Portcullis demo office",
  timeZone: "Europe/Stockholm",
  controllers: [
    controller("c1", "Entrance controller"),
    controller("c2", "Office controller"),
    controller("c3", "Lab controller"),
    controller("c4", "Server room controller"),
    controller("c5", "Dock controller"),
    { id: "io1", name: "Fire door I/O module", kind: "io-module", inputs: ["p1", "p2", "p3", "p4", "p5"] },
  ],
  schedules: [
    {
      id: "office-hours",
      name: "Office hours",
      vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")],
    },
    { id: "always", name: "Always", vevents: [vevent("19700105T000000", "19700106T000000", "FREQ=DAILY")] },
  ],
  doors: [
    {
      id: "main",
      name: "Main entrance",
      controllerId: "c1",
      primaryLock: "r1",
      secondaryLock: "r2",
      doorMonitor: monitor("in1"),
      sides: {
        A: { readers: [osdp("main-in", "rd1", 1, true)] },
        B: {
          readers: [osdp("main-out", "rd2", 2, true)],
          rex: { input: "in2", action: "unlock", activeWhen: "circuit-closed" },
        },
      },
    },
    {
      id: "office",
      name: "Open office",
      controllerId: "c2",
      primaryLock: "r1",
      doorMonitor: monitor("in1"),
      unlockSchedule: "office-hours",
      sides: {
        A: { readers: [osdp("office-in", "rd1", 1, false)] },
        B: { rex: { input: "in2", activeWhen: "circuit-closed" } },
      },
    },
    {
      id: "lab",
      name: "Lab",
      controllerId: "c3",
      primaryLock: "r1",
      doorMonitor: monitor("in1"),
      timing: { relock: "after-closing", relockDelayMs: 500 },
      sides: {
        A: { readers: [osdp("lab-in", "rd1", 1, true)] },
        B: { readers: [osdp("lab-out", "rd2", 2, true)] },
      },
    },
    {
      id: "storage",
      name: "Storage",
      controllerId: "c2",
      primaryLock: "r2",
      doorMonitor: monitor("in3"),
      sides: {
        A: { readers: [osdp("storage-in", "rd2", 2, false)] },
        B: { rex: { input: "in4", action: "none", activeWhen: "circuit-closed" } },
      },
    },
    {
      id: "server",
      name: "Server room",
      controllerId: "c4",
      primaryLock: "r1",
      doorMonitor: monitor("in1"),
      sides: {
        A: { readers: [osdp("server-in", "rd1", 1, true)] },
        B: { readers: [osdp("server-out", "rd2", 2, true)] },
      },
    },
    {
      id: "dock",
      name: "Loading dock",
      controllerId: "c5",
      primaryLock: "r1",
      doorMonitor: monitor("in1"),
      sides: {
        A: { readers: [osdp("dock-in", "rd1", 1, false)] },
        B: { rex: { input: "in2", activeWhen: "circuit-closed" } },
      },
    },
    {
      id: "garage",
      name: "Garage",
      controllerId: "c5",
      primaryLock: "r2",
      doorMonitor: monitor("in3"),
      sides: { A: { readers: [osdp("garage-in", "rd2", 2, false)] }, B: {} },
    },
    {
      id: "fire-exit",
      name: "Fire exit",
      controllerId: "io1",
      type: "monitoring",
      sensor: { input: "p1", openWhen: "circuit-open", debounceMs: 100 },
    },
  ],
  policy: {
    pin: { minLength: 6, maxLength: 6, endCharacter: "#" },
    cardholders,
    credentials: cardholders.flatMap((c, k) => [
      {
        id: `${c.id}-card`,
        cardholderId: c.id,
        name: "Badge",
        kind: "card",
        number: String(demoCardNumber(k + 1)),
      },
      { id: `${c.id}-pin`, cardholderId: c.id, name: "PIN", kind: "pin", pin: demoPin(k + 1) },
    ]),
    groups: [
      { id: "staff", name: "Staff", initials: "ST", members: cardholders.map((c) => c.id) },
      { id: "lab", name: "Lab team", initials: "LB", members: cardholders.slice(0, 10).map((c) => c.id) },
      { id: "security", name: "Security", initials: "SE", members: cardholders.slice(0, 3).map((c) => c.id) },
    ],
    rules: [
      {
        id: "staff-office-hours",
        name: "Staff, office hours",
        groups: ["staff"],
        doors: ["main", "office", "storage", "dock", "garage"],
        schedules: ["office-hours"],
      },
      {
        id: "lab-always",
        name: "Lab team, always",
        groups: ["lab"],
        zones: ["lab-wing"],
        doors: ["main"],
        schedules: ["always"],
      },
      {
        id: "security-always",
        name: "Security, everywhere, always",
        groups: ["security"],
        doors: ["main", "office", "lab", "storage", "server", "dock", "garage"],
        schedules: ["always"],
      },
    ],
    zones: [
      {
        id: "building",
        name: "Building",
        doors: [
          { doorId: "main", role: "perimeter" },
          { doorId: "lab", role: "perimeter", leave: true },
          { doorId: "office", role: "internal" },
        ],
        antiPassback: { mode: "soft", timeoutS: 0 },
      },
      {
        id: "lab-wing",
        name: "Lab wing",
        doors: [{ doorId: "lab", role: "perimeter" }],
        antiPassback: { mode: "hard", timeoutS: 600 },
      },
    ],
    doorPolicies: [
      {
        doorId: "server",
        profileId: { A: "card-and-pin", B: "card" },
        twoPerson: { sides: ["A"], timeoutS: 30 },
      },
      { doorId: "main", profileId: "card-or-pin", doubleSwipe: { timeoutS: 5 } },
    ],
  },
});
