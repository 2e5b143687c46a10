/** Resolves a configured door into the settings its actor runs on. */
import type { StandardDoor } from "./model/Door";
import { portRef } from "./model/Controller";
import type { DoorSettings, RexWiring, UnlockSchedule } from "./actors/doorTypes";
import type { Rex } from "./model/Door";

const rexWiring = (controllerId: string, rex: Rex | undefined): RexWiring | undefined =>
  rex && {
    ref: portRef(controllerId, rex.input),
    debounceMs: rex.debounceMs,
    supervised: rex.supervision.kind !== "off",
    action: rex.action,
  };

/** The actor's view of a door: milliseconds, site-wide port ids and a compiled unlock schedule. */
export const doorSettings = (
  door: StandardDoor,
  unlockSchedule: UnlockSchedule | undefined,
): DoorSettings => {
  const t = door.timing;
  const A = rexWiring(door.controllerId, door.sides.A.rex);
  const B = rexWiring(door.controllerId, door.sides.B.rex);
  return {
    accessMs: t.accessTimeS * 1000,
    longAccessMs: t.longAccessTimeS * 1000,
    openTooLongMs: t.openTooLongS * 1000,
    longOpenTooLongMs: t.longOpenTooLongS * 1000,
    relockDelayMs: t.relockDelayMs,
    relock: t.relock,
    monitor: door.doorMonitor && {
      ref: portRef(door.controllerId, door.doorMonitor.input),
      debounceMs: door.doorMonitor.debounceMs,
      supervised: door.doorMonitor.supervision.kind !== "off",
    },
    rex: { ...(A && { A }), ...(B && { B }) },
    locks: [door.primaryLock, ...(door.secondaryLock === undefined ? [] : [door.secondaryLock])].map((r) =>
      portRef(door.controllerId, r),
    ),
    unlockSchedule,
  };
};
