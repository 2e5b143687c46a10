/** The people of a reference site: cardholders by department, their cards and PINs, and their groups. */
import type { SeededRandom } from "./seededRandom";

const FIRST = [
  "Ada",
  "Björn",
  "Carla",
  "Dev",
  "Elin",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kim",
  "Lena",
];
const LAST = [
  "Andersson",
  "Berg",
  "Chen",
  "Dahl",
  "Ek",
  "Fors",
  "García",
  "Holm",
  "Ivanova",
  "Jansson",
  "Kaur",
  "Lund",
];

/** What {@link referencePeople} is asked for. */
export interface ReferencePeopleOptions {
  readonly cardholders: number;
  readonly departments: number;
  readonly facilityCodes: boolean;
}

/** Draws distinct integers with `draw` (rejection: the ranges are far larger than the counts). */
const distinct = (draw: () => number): (() => number) => {
  const seen = new Set<number>();
  return () => {
    for (;;) {
      const n = draw();
      if (!seen.has(n)) return (seen.add(n), n);
    }
  };
};

/**
 * Cardholders `ch<i>` spread over departments (groups `g<k>`), with one card each: H10301 (8-bit
 * facility code, 16-bit number) when facility codes are on, else a bare 35-bit number as H10302
 * carries, since then the number alone must be unique. About 10 % have an eight-digit PIN, 2 % long
 * access, 1 % exemption from anti-passback, 1 % suspended, and 0.5 % are security staff (exempt
 * from lockdown, group `security`).
 */
export const referencePeople = (
  rng: SeededRandom,
  { cardholders, departments, facilityCodes }: ReferencePeopleOptions,
) => {
  const members: string[][] = Array.from({ length: departments }, () => []);
  const security: string[] = [];
  const card = distinct(() =>
    facilityCodes ? rng.int(1, 255) * 65536 + rng.int(0, 65535) : rng.int(1, 2 ** 35 - 1),
  );
  const pin = distinct(() => rng.int(10_000_000, 99_999_999));
  const people = Array.from({ length: cardholders }, (_, i) => {
    const id = `ch${i}`;
    const r = rng.next();
    const staff = r < 0.005;
    members[rng.int(0, departments - 1)]!.push(id);
    if (staff) security.push(id);
    const firstName = rng.pick(FIRST);
    const lastName = rng.pick(LAST);
    const value = card();
    const credentials = [
      facilityCodes
        ? {
            id: `card-${i}`,
            cardholderId: id,
            name: "badge",
            kind: "card" as const,
            number: String(value % 65536),
            bitLength: 26,
            facilityCode: String(Math.floor(value / 65536)),
          }
        : {
            id: `card-${i}`,
            cardholderId: id,
            name: "badge",
            kind: "card" as const,
            number: String(value),
            bitLength: 37,
          },
      ...(rng.next() < 0.1
        ? [{ id: `pin-${i}`, cardholderId: id, name: "PIN", kind: "pin" as const, pin: String(pin()) }]
        : []),
    ];
    return {
      cardholder: {
        id,
        firstName,
        lastName,
        email: `${firstName}.${lastName}.${i}@example.com`.toLowerCase(),
        ...(r >= 0.005 && r < 0.025 && { longAccess: true }),
        ...(r >= 0.025 && r < 0.035 && { exemptFromAntiPassback: true }),
        ...(r >= 0.035 && r < 0.045 && { suspended: true }),
        ...(staff && { exemptFromLockdown: true }),
      },
      credentials,
    };
  });
  return {
    cardholders: people.map((p) => p.cardholder),
    credentials: people.flatMap((p) => p.credentials),
    groups: [
      ...members.map((ids, k) => ({
        id: `g${k}`,
        name: `Department ${k}`,
        initials: `D${k % 10}`,
        members: ids,
      })),
      { id: "security", name: "Security", initials: "SE", members: security },
    ],
  };
};
