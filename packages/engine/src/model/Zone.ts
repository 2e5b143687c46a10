/** Zones: areas bounded by perimeter doors, with optional anti-passback (seed "Add a zone", "Zone security level"). */
import { Schema } from "effect";
import type { ConfigIssue } from "../errors";
import type { Door } from "./Door";

/** A door of a zone: a perimeter door's side A enters the zone unless `leave` flips it. */
export const ZoneDoor = Schema.Struct({
  doorId: Schema.NonEmptyString,
  role: Schema.optionalWith(Schema.Literal("perimeter", "internal"), { default: () => "perimeter" as const }),
  leave: Schema.optionalWith(Schema.Boolean, { default: () => false }),
});
export type ZoneDoor = typeof ZoneDoor.Type;

/** Anti-passback: `soft` logs a violation, `hard` denies; timeout 0 holds until the cardholder leaves. */
export const AntiPassback = Schema.Struct({
  mode: Schema.Literal("soft", "hard"),
  timeoutS: Schema.Number.pipe(Schema.int(), Schema.between(0, 31_536_000)),
});
export type AntiPassback = typeof AntiPassback.Type;

/** A zone. */
export const Zone = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.String,
  doors: Schema.optionalWith(Schema.Array(ZoneDoor), { default: () => [] }),
  antiPassback: Schema.optional(AntiPassback),
});
export type Zone = typeof Zone.Type;

/** The side of a perimeter door that enters its zone. */
export const entrySide = (door: ZoneDoor): "A" | "B" => (door.leave ? "B" : "A");

/** Errors and warnings of a zone configuration. */
export interface ZoneCheck {
  readonly errors: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

interface Membership {
  readonly zoneDoor: ZoneDoor;
  readonly field: string;
}

/** Checks zones against the site's doors (DESIGN §3 "Zone"); `prefix` is the zones' field path. */
export const checkZones = (
  zones: ReadonlyArray<Zone>,
  doors: ReadonlyMap<string, Door>,
  prefix = "zones",
): ZoneCheck => {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const memberships = new Map<string, Membership[]>();
  zones.forEach((zone, zi) => {
    const seen = new Set<string>();
    zone.doors.forEach((zd, di) => {
      const field = `${prefix}[${zi}].doors[${di}]`;
      const door = doors.get(zd.doorId);
      if (door === undefined)
        return errors.push({ field: `${field}.doorId`, message: `unknown door "${zd.doorId}"` });
      if (door.type === "monitoring")
        return errors.push({ field: `${field}.doorId`, message: "a monitoring door is never in a zone" });
      if (seen.has(zd.doorId))
        return errors.push({ field: `${field}.doorId`, message: `door "${zd.doorId}" is listed twice` });
      seen.add(zd.doorId);
      memberships.set(zd.doorId, [...(memberships.get(zd.doorId) ?? []), { zoneDoor: zd, field }]);
      if (zone.antiPassback !== undefined && door.doorMonitor === undefined)
        errors.push({
          field: `${field}.doorId`,
          message: `door "${zd.doorId}" has no door monitor, which anti-passback needs`,
        });
      const bothSides = door.sides.A.readers.length > 0 && door.sides.B.readers.length > 0;
      if (zone.antiPassback?.mode === "hard" && zone.antiPassback.timeoutS === 0 && !bothSides)
        warnings.push({
          field: `${field}.doorId`,
          message: `hard anti-passback without timeout needs readers on both sides of door "${zd.doorId}"; without them cardholders cannot be registered leaving`,
        });
    });
  });
  for (const [doorId, list] of memberships) {
    const last = list[list.length - 1];
    if (last === undefined || list.length === 1) continue;
    if (list.some((m) => m.zoneDoor.role === "internal"))
      errors.push({
        field: `${last.field}.role`,
        message: `internal door "${doorId}" belongs to one zone only`,
      });
    else if (list.length > 2)
      errors.push({
        field: `${last.field}.doorId`,
        message: `perimeter door "${doorId}" is in more than two zones`,
      });
    else if (list[0]?.zoneDoor.leave === last.zoneDoor.leave)
      errors.push({
        field: `${last.field}.leave`,
        message: `perimeter door "${doorId}" must enter one of its two zones and leave the other`,
      });
  }
  return { errors, warnings };
};
