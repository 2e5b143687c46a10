/** Generators of sites of any size, for benches, property tests and the demo. */
import { referencePeople } from "./referencePeople";
import { seededRandom, type SeededRandom } from "./seededRandom";
import type { SiteFile } from "./SiteFile";
import { weeklyVevent } from "./weeklyVevent";

/** Options of {@link referenceDoors}. */
export interface ReferenceDoorsOptions {
  readonly doors: number;
  readonly timeZone?: string;
}

/**
 * A site of `doors` standard doors, two per controller, each with a monitor and a REX on side B,
 * relocking after opening — the wiring of a typical office door.
 */
export const referenceDoors = ({ doors, timeZone = "Europe/Stockholm" }: ReferenceDoorsOptions) => {
  const controllers = Array.from({ length: Math.ceil(doors / 2) }, (_, i) => ({
    id: `c${i}`,
    name: `Controller ${i}`,
    relays: ["r1", "r2"],
    inputs: ["in1", "in2", "in3", "in4"],
    readerPorts: ["rd1", "rd2"],
  }));
  return {
    name: `reference site (${doors} doors)`,
    timeZone,
    controllers,
    doors: Array.from({ length: doors }, (_, i) => {
      const k = (i % 2) + 1;
      return {
        id: `d${i}`,
        name: `Door ${i}`,
        controllerId: `c${Math.floor(i / 2)}`,
        primaryLock: `r${k}`,
        doorMonitor: { input: `in${2 * k - 1}`, openWhen: "circuit-open", debounceMs: 0 },
        sides: { A: {}, B: { rex: { input: `in${2 * k}`, action: "unlock", activeWhen: "circuit-closed" } } },
      };
    }),
  };
};

/** Options of {@link referenceSite}. */
export interface ReferenceSiteOptions {
  readonly doors: number;
  readonly cardholders: number;
  /** Same seed, same site (default 1). */
  readonly seed?: number;
  /** The site's facility-code switch (default on): H10301 cards with facility codes, else bare numbers. */
  readonly facilityCodes?: boolean;
  readonly timeZone?: string;
}

/** Doors per department: a department is a corridor of offices behind its entrance door. */
export const DOORS_PER_DEPARTMENT = 25;

/** The site's schedules: office hours, extended hours, always, and the lobby's unlocked hours. */
const SCHEDULES = [
  {
    id: "office",
    name: "Office hours",
    vevents: [weeklyVevent(["MO", "TU", "WE", "TH", "FR"], 7 * 60, 19 * 60)],
  },
  {
    id: "extended",
    name: "Extended hours",
    vevents: [weeklyVevent(["MO", "TU", "WE", "TH", "FR", "SA"], 6 * 60, 22 * 60)],
  },
  {
    id: "always",
    name: "Always",
    vevents: [weeklyVevent(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], 0, 24 * 60)],
  },
  {
    id: "lobby",
    name: "Lobby open",
    vevents: [weeklyVevent(["MO", "TU", "WE", "TH", "FR"], 8 * 60, 17 * 60)],
    // Closed all Christmas Day, whatever the weekday.
    specialDays: [{ date: "2026-12-25", ranges: [] }],
  },
];

const reader = (rng: SeededRandom, id: string, port: string, address: number) =>
  rng.next() < 0.3
    ? { id, type: "wiegand" as const, port, wiegand: {} }
    : { id, type: "osdp" as const, port, osdp: { address } };

/** Door `i` on its own controller (two readers fill a controller's wired-reader ports): readers on both sides, monitor, REX. */
const door = (rng: SeededRandom, i: number) => ({
  id: `d${i}`,
  name: `Door ${i}`,
  controllerId: `c${i}`,
  primaryLock: "r1",
  doorMonitor: { input: "in1", openWhen: "circuit-open" as const, debounceMs: 50 },
  sides: {
    A: { readers: [reader(rng, `d${i}-a`, "rd1", 0)] },
    B: {
      readers: [reader(rng, `d${i}-b`, "rd2", 1)],
      rex: { input: "in2", action: "unlock" as const, activeWhen: "circuit-closed" as const, debounceMs: 50 },
    },
  },
  // The main entrance stands open in business hours.
  ...(i === 0 && { unlockSchedule: "lobby" }),
});

const ANTI_PASSBACK = [
  { mode: "hard", timeoutS: 0 },
  { mode: "hard", timeoutS: 1800 },
  { mode: "soft", timeoutS: 0 },
  { mode: "soft", timeoutS: 600 },
] as const;

/** Door ids of department `k`: its entrance first. */
const departmentDoors = (k: number, doors: number): string[] =>
  Array.from(
    { length: Math.min(DOORS_PER_DEPARTMENT, doors - k * DOORS_PER_DEPARTMENT) },
    (_, j) => `d${k * DOORS_PER_DEPARTMENT + j}`,
  );

/**
 * A realistic site of any size: one controller per door, readers on both sides, monitors and REX;
 * departments of {@link DOORS_PER_DEPARTMENT} doors, each with a group and a rule (its doors and the
 * main entrance `d0`, in office or extended hours) and, for about half of them, a zone with
 * anti-passback behind the department's entrance (which takes card or PIN); a security group with
 * every door at all times; cardholders with cards, some with PINs, long access, exemptions or
 * suspended. Deterministic for a seed; plain objects, so 100 000 cardholders build in well under a second.
 */
// doors ≥ 1: every department rule names the main entrance d0.
export const referenceSite = ({
  doors,
  cardholders,
  seed = 1,
  facilityCodes = true,
  timeZone = "Europe/Stockholm",
}: ReferenceSiteOptions): SiteFile => {
  const rng = seededRandom(seed);
  const departments = Math.max(1, Math.ceil(doors / DOORS_PER_DEPARTMENT));
  const doorsOf = Array.from({ length: departments }, (_, k) => departmentDoors(k, doors));
  const zones = doorsOf.flatMap((ids, k) => {
    const [entrance, ...inside] = ids;
    if (entrance === undefined || rng.next() >= 0.5) return [];
    return [
      {
        id: `z${k}`,
        name: `Department ${k}`,
        doors: [
          { doorId: entrance, role: "perimeter" as const },
          ...inside.slice(0, 2).map((doorId) => ({ doorId, role: "internal" as const })),
        ],
        antiPassback: rng.pick(ANTI_PASSBACK),
      },
    ];
  });
  const people = referencePeople(rng, { cardholders, departments, facilityCodes });
  const allDoors = Array.from({ length: doors }, (_, i) => `d${i}`);
  return {
    name: `reference site (${doors} doors, ${cardholders} cardholders)`,
    timeZone,
    controllers: allDoors.map((_, i) => ({
      id: `c${i}`,
      name: `Controller ${i}`,
      relays: ["r1", "r2"],
      inputs: ["in1", "in2", "in3", "in4"],
      readerPorts: ["rd1", "rd2"],
    })),
    doors: allDoors.map((_, i) => door(rng, i)),
    schedules: SCHEDULES,
    policy: {
      facilityCodes,
      // Eight-digit PINs keep a random guess below one in 1 000 even with 100 000 PINs (DESIGN §3).
      pin: { minLength: 4, maxLength: 8 },
      ...people,
      rules: [
        ...doorsOf.map((ids, k) => ({
          id: `r${k}`,
          name: `Department ${k}`,
          groups: [`g${k}`],
          doors: ids.includes("d0") ? ids : [...ids, "d0"],
          schedules: [rng.next() < 0.7 ? "office" : "extended"],
        })),
        { id: "security", name: "Security", groups: ["security"], doors: allDoors, schedules: ["always"] },
      ],
      zones,
      doorPolicies: doorsOf.flatMap(([entrance]) =>
        entrance === undefined || entrance === "d0" ? [] : [{ doorId: entrance, profileId: "card-or-pin" }],
      ),
    },
  };
};
