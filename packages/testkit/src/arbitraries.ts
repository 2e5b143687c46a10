/** fast-check arbitraries for sites, people and input traces, valid by construction (every id refers to something). */
import fc from "fast-check";
import type { ManualCommand } from "@portcullis/engine";
import type { CredentialFileInput, SiteFile } from "./SiteFile";
import type { TraceStep } from "./trace";
import { WEEKDAYS, weeklyVevent } from "./weeklyVevent";

/** True about one time in five: flags that would make most swipes fail if they were common. */
const rarely = fc.integer({ min: 0, max: 4 }).map((n) => n === 0);

const fixed = <T>(arb: fc.Arbitrary<T>, n: number) => fc.array(arb, { minLength: n, maxLength: n });

/** A cardholder with the seed's flags; `id` is given so credentials and groups can name it. */
export const cardholderArbitrary = (id: string) =>
  fc.record({
    id: fc.constant(id),
    firstName: fc.constantFrom("Ada", "Björn", "Carla", "Dev"),
    lastName: fc.constantFrom("Andersson", "Berg", "Chen"),
    longAccess: fc.boolean(),
    suspended: rarely,
    allowDoubleSwipe: fc.boolean(),
    exemptFromLockdown: rarely,
    exemptFromAntiPassback: rarely,
  });

/** Options of {@link peopleArbitrary}. */
export interface PeopleOptions {
  readonly maxCardholders?: number;
}

/**
 * The people part of a policy: the facility-code switch, cardholders `p<i>`, one card each (unique
 * numbers; a facility code when the switch is on; some valid for a few uses) and, for some, a PIN
 * of 4–6 digits with an optional duress PIN (all PINs distinct, as the site requires).
 */
export const peopleArbitrary = ({ maxCardholders = 6 }: PeopleOptions = {}) =>
  fc
    .record({ facilityCodes: fc.boolean(), n: fc.integer({ min: 1, max: maxCardholders }) })
    .chain(({ facilityCodes, n }) =>
      fc
        .record({
          cardholders: fc.tuple(...Array.from({ length: n }, (_, i) => cardholderArbitrary(`p${i}`))),
          cards: fc.uniqueArray(fc.integer({ min: 1, max: 65_535 }), { minLength: n, maxLength: n }),
          facilities: fixed(fc.integer({ min: 0, max: 255 }), n),
          uses: fixed(fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4 }), n),
          pins: fc.uniqueArray(fc.integer({ min: 1_000, max: 999_999 }), {
            minLength: 2 * n,
            maxLength: 2 * n,
          }),
          pinKind: fixed(fc.constantFrom("none", "pin", "duress"), n),
        })
        .map(({ cardholders, cards, facilities, uses, pins, pinKind }) => ({
          facilityCodes,
          cardholders,
          credentials: cardholders.flatMap((c, i): CredentialFileInput[] => {
            const count = uses[i];
            const card: CredentialFileInput = {
              id: `${c.id}-card`,
              cardholderId: c.id,
              name: "badge",
              kind: "card",
              number: String(cards[i]),
              ...(facilityCodes && { facilityCode: String(facilities[i]) }),
              ...(count != null && { validity: { validTo: { kind: "uses", count } } }),
            };
            const kind = pinKind[i];
            if (kind === "none") return [card];
            const pin: CredentialFileInput = {
              id: `${c.id}-pin`,
              cardholderId: c.id,
              name: "PIN",
              kind: "pin",
              pin: String(pins[2 * i]),
              ...(kind === "duress" && { duressPin: String(pins[2 * i + 1]) }),
            };
            return [card, pin];
          }),
        })),
    );

/** A weekly schedule `id`: some weekdays, from a half hour to a later one (up to 24:00). */
const scheduleArbitrary = (id: string) =>
  fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      start: fc.integer({ min: 0, max: 46 }),
      length: fc.integer({ min: 1, max: 48 }),
      holiday: fc.boolean(),
    })
    .map(({ days, start, length, holiday }) => ({
      id,
      name: `Schedule ${id}`,
      vevents: [weeklyVevent(days, start * 30, Math.min(48, start + length) * 30)],
      ...(holiday && { specialDays: [{ date: "2026-01-06", ranges: [] }] }),
    }));

const timingArbitrary = fc.record({
  accessTimeS: fc.integer({ min: 1, max: 10 }),
  openTooLongS: fc.integer({ min: 1, max: 30 }),
  relockDelayMs: fc.integer({ min: 0, max: 2_000 }),
  relock: fc.constantFrom("after-opening" as const, "after-closing" as const),
});

const rexArbitrary = (input: string) =>
  fc.option(
    fc.record({
      input: fc.constant(input),
      action: fc.constantFrom("unlock" as const, "none" as const),
      activeWhen: fc.constantFrom("circuit-open" as const, "circuit-closed" as const),
    }),
    { nil: undefined },
  );

/** The free choices of one door; its ids and ports follow from its index. */
const doorShapeArbitrary = (schedules: number, zones: number) =>
  fc.record({
    monitor: fc.boolean(),
    readerA: fc.option(fc.constantFrom("osdp" as const, "wiegand" as const), { nil: undefined }),
    readerB: fc.option(fc.constantFrom("osdp" as const, "wiegand" as const), { nil: undefined }),
    rexA: rexArbitrary("in2"),
    rexB: rexArbitrary("in3"),
    timing: timingArbitrary,
    unlockSchedule: fc.option(fc.integer({ min: 0, max: schedules - 1 }), { nil: undefined, freq: 4 }),
    zone: fc.option(
      fc.record({
        zone: fc.integer({ min: 0, max: Math.max(0, zones - 1) }),
        internal: fc.boolean(),
        leave: fc.boolean(),
      }),
      { nil: undefined },
    ),
    profileId: fc.constantFrom("card", "card", "card-or-pin", "pin", "card-and-pin"),
    doubleSwipe: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined, freq: 3 }),
    twoPerson: fc.option(
      fc.record({
        sides: fc.subarray(["A", "B"] as const, { minLength: 1 }),
        timeoutS: fc.integer({ min: 1, max: 30 }),
      }),
      {
        nil: undefined,
        freq: 5,
      },
    ),
  });

const reader = (type: "osdp" | "wiegand" | undefined, id: string, port: string, address: number) =>
  type === undefined
    ? []
    : [type === "osdp" ? { id, type, port, osdp: { address } } : { id, type, port, wiegand: {} }];

/** Subsets of `ids` for the who/where/when of rules and group members. */
const some = (ids: ReadonlyArray<string>) => fc.subarray([...ids]);

/** Options of {@link siteFileArbitrary}. */
export interface SiteArbitraryOptions extends PeopleOptions {
  readonly maxDoors?: number;
}

/**
 * A small valid site file: 1–4 doors, each on its own controller (`c<i>`, door `d<i>`, readers
 * `d<i>-a`/`d<i>-b`, monitor on `in1`, REX on `in2`/`in3`), 1–3 schedules (`s0` mostly always),
 * people, groups, rules (half the time one for everyone everywhere in `s0`, then random ones,
 * possibly incomplete: they grant nothing), zones with optional anti-passback (their doors get a
 * monitor, which anti-passback requires; each door in at most one zone), and door policies
 * (default profiles, double-swipe, two-person).
 */
export const siteFileArbitrary = ({
  maxDoors = 4,
  ...people
}: SiteArbitraryOptions = {}): fc.Arbitrary<SiteFile> =>
  fc
    .record({
      doors: fc.integer({ min: 1, max: maxDoors }),
      schedules: fc.integer({ min: 1, max: 3 }),
      zones: fc.integer({ min: 0, max: 2 }),
      groups: fc.integer({ min: 0, max: 2 }),
      people: peopleArbitrary(people),
    })
    .chain((n) => {
      const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
      const [doorIds, scheduleIds, zoneIds, groupIds] = [
        ids("d", n.doors),
        ids("s", n.schedules),
        ids("z", n.zones),
        ids("g", n.groups),
      ];
      const cardholderIds = n.people.cardholders.map((c) => c.id);
      return fc
        .record({
          doors: fixed(doorShapeArbitrary(n.schedules, n.zones), n.doors),
          // Random windows rarely hold at the trace's start: s0 mostly holds all week, so grants happen.
          schedules: fc.tuple(
            fc.oneof(
              {
                weight: 3,
                arbitrary: fc.constant({
                  id: "s0",
                  name: "Always",
                  vevents: [weeklyVevent(WEEKDAYS, 0, 1440)],
                }),
              },
              { weight: 1, arbitrary: scheduleArbitrary("s0") },
            ),
            ...scheduleIds.slice(1).map(scheduleArbitrary),
          ),
          everyone: fc.boolean(),
          antiPassback: fixed(
            fc.option(
              fc.record({
                mode: fc.constantFrom("soft" as const, "hard" as const),
                timeoutS: fc.constantFrom(0, 5, 600),
              }),
              { nil: undefined },
            ),
            n.zones,
          ),
          members: fixed(some(cardholderIds), n.groups),
          rules: fc.array(
            fc.record({
              cardholders: some(cardholderIds),
              groups: some(groupIds),
              doors: some(doorIds),
              zones: some(zoneIds),
              schedules: some(scheduleIds),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        })
        .map((g): SiteFile => {
          const inZone = (i: number) => (n.zones === 0 ? undefined : g.doors[i]?.zone);
          const hasMonitor = (i: number) => {
            const z = inZone(i);
            return (
              (g.doors[i]?.monitor ?? false) || (z !== undefined && g.antiPassback[z.zone] !== undefined)
            );
          };
          return {
            name: "generated",
            timeZone: "Europe/Stockholm",
            controllers: doorIds.map((id, i) => ({
              id: `c${i}`,
              name: `controller of ${id}`,
              relays: ["r1", "r2"],
              inputs: ["in1", "in2", "in3", "in4"],
              readerPorts: ["rd1", "rd2"],
            })),
            doors: g.doors.map((d, i) => ({
              id: `d${i}`,
              name: `Door ${i}`,
              controllerId: `c${i}`,
              primaryLock: "r1",
              timing: d.timing,
              ...(hasMonitor(i) && { doorMonitor: { input: "in1", openWhen: "circuit-open" as const } }),
              sides: {
                A: { readers: reader(d.readerA, `d${i}-a`, "rd1", 0), ...(d.rexA && { rex: d.rexA }) },
                B: { readers: reader(d.readerB, `d${i}-b`, "rd2", 1), ...(d.rexB && { rex: d.rexB }) },
              },
              ...(d.unlockSchedule !== undefined && { unlockSchedule: `s${d.unlockSchedule}` }),
            })),
            schedules: g.schedules,
            policy: {
              ...n.people,
              groups: g.members.map((members, k) => ({
                id: `g${k}`,
                name: `Group ${k}`,
                initials: `G${k}`,
                members,
              })),
              rules: [
                ...(g.everyone
                  ? [
                      {
                        id: "everyone",
                        name: "Everyone",
                        cardholders: cardholderIds,
                        doors: doorIds,
                        schedules: ["s0"],
                      },
                    ]
                  : []),
                ...g.rules.map((r, k) => ({ id: `r${k}`, name: `Rule ${k}`, ...r })),
              ],
              zones: zoneIds.map((id, z) => ({
                id,
                name: `Zone ${z}`,
                doors: g.doors.flatMap((_, i) => {
                  const m = inZone(i);
                  return m?.zone !== z
                    ? []
                    : [
                        {
                          doorId: `d${i}`,
                          role: m.internal ? ("internal" as const) : ("perimeter" as const),
                          leave: m.leave,
                        },
                      ];
                }),
                ...(g.antiPassback[z] && { antiPassback: g.antiPassback[z] }),
              })),
              doorPolicies: g.doors.map((d, i) => ({
                doorId: `d${i}`,
                profileId: d.profileId,
                ...(d.doubleSwipe !== undefined && { doubleSwipe: { timeoutS: d.doubleSwipe } }),
                ...(d.twoPerson && { twoPerson: d.twoPerson }),
              })),
            },
          };
        });
    });

type DoorInput = SiteFile["doors"][number];
const isStandard = (d: DoorInput): d is Exclude<DoorInput, { readonly type: "monitoring" }> =>
  d.type !== "monitoring";

const MANUAL_COMMANDS: ReadonlyArray<ManualCommand> = ["reset", "grant", "unlock", "lock", "lockdown"];

/** Options of {@link traceArbitrary}. */
export interface TraceOptions {
  readonly maxSteps?: number;
}

/**
 * Input traces for a site file, using only what exists in it: swipes of its cards and of unknown
 * ones at its readers, its PINs and wrong ones, positions of doors with a monitor, REX where there
 * is one, manual actions, and pauses from a millisecond to an hour; doors with a monitor first
 * report themselves closed.
 */
export const traceArbitrary = (
  file: SiteFile,
  { maxSteps = 40 }: TraceOptions = {},
): fc.Arbitrary<TraceStep[]> => {
  const standard = file.doors.filter(isStandard);
  const readers = standard.flatMap((d) =>
    [...(d.sides?.A.readers ?? []), ...(d.sides?.B.readers ?? [])].map((r) => r.id),
  );
  const credentials = file.policy?.credentials ?? [];
  const cards = credentials.flatMap((c) =>
    c.kind === "card"
      ? [
          {
            number: BigInt(c.number),
            ...(c.facilityCode !== undefined && { facility: BigInt(c.facilityCode) }),
          },
        ]
      : [],
  );
  const pins = credentials.flatMap((c) =>
    c.kind === "pin" && "pin" in c ? [c.pin, ...(c.duressPin === undefined ? [] : [c.duressPin])] : [],
  );
  const monitored = standard.filter((d) => d.doorMonitor !== undefined).map((d) => d.id);
  const rex = standard.flatMap((d) =>
    (["A", "B"] as const)
      .filter((s) => d.sides?.[s].rex !== undefined)
      .map((side) => ({ doorId: d.id, side })),
  );
  // A kind of step needs something to act on: none when the site has no such target.
  const choice = <T, U>(
    weight: number,
    targets: ReadonlyArray<T>,
    make: (target: fc.Arbitrary<T>) => fc.Arbitrary<U>,
  ) => (targets.length === 0 ? [] : [{ weight, arbitrary: make(fc.constantFrom(...targets)) }]);
  const card = fc.oneof(
    ...choice(3, cards, (known) => known),
    fc.record({ number: fc.bigInt({ min: 1n, max: 65_535n }) }),
  );
  const keys = fc
    .oneof(...choice(3, pins, (known) => known), fc.integer({ min: 0, max: 999_999 }).map(String))
    .chain((pin) => fc.constantFrom(`${pin}#`, pin));
  const steps = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.integer({ min: 1, max: 20_000 }).map((ms): TraceStep => ({ type: "advance", ms })),
    },
    // An hour: schedules change, anti-passback timeouts pass.
    { weight: 1, arbitrary: fc.constant<TraceStep>({ type: "advance", ms: 3_600_000 }) },
    ...choice(5, readers, (reader) =>
      fc.tuple(reader, card).map(([readerId, c]): TraceStep => ({ type: "card", readerId, ...c })),
    ),
    ...choice(2, readers, (reader) =>
      fc.tuple(reader, keys).map(([readerId, k]): TraceStep => ({ type: "keys", readerId, keys: k })),
    ),
    ...choice(4, monitored, (door) =>
      fc.tuple(door, fc.boolean()).map(([doorId, open]): TraceStep => ({ type: "door", doorId, open })),
    ),
    ...choice(2, rex, (r) => r.map((r): TraceStep => ({ type: "rex", ...r }))),
    ...choice(
      1,
      standard.map((d) => d.id),
      (door) =>
        fc
          .tuple(door, fc.constantFrom(...MANUAL_COMMANDS))
          .map(([doorId, command]): TraceStep => ({ type: "manual", doorId, command, by: "operator" })),
    ),
  );
  // Doors report their position first (read silently), so later openings count.
  const closed = monitored.map((doorId): TraceStep => ({ type: "door", doorId, open: false }));
  return fc.array(steps, { maxLength: maxSteps, size: "max" }).map((trace) => [...closed, ...trace]);
};
