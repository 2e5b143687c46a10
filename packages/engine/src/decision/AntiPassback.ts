/** Anti-passback (DESIGN §5 step 9) and the presence moves the zone actor applies on `AccessTaken`. */
import type { Side } from "../events";
import type { IndexedAntiPassback, PolicyIndex, PresenceMove } from "./PolicyIndex";
import type { Presence } from "./reasons";

/** Whether a presence still blocks re-entry: timeout 0 holds until the cardholder leaves. */
export const presenceHolds = (antiPassback: IndexedAntiPassback, presence: Presence, at: number): boolean =>
  antiPassback.timeoutMs === 0 || at < presence.enteredAt + antiPassback.timeoutMs;

const NO_MOVE: PresenceMove = {};

/** The zones left and entered through a door side (empty for internal doors and doors in no zone). */
export const presenceMove = (index: PolicyIndex, doorId: string, side: Side): PresenceMove =>
  index.accessPoints.get(doorId)?.[side].move ?? NO_MOVE;

/**
 * A cardholder's presence in `zoneId` after an `AccessTaken` with `move` at `at`: leaving clears it;
 * entering sets it, unless a presence that still blocks re-entry exists — repeat entries (soft
 * violations, exempt cardholders) don't restart the timeout.
 */
export const nextPresence = (
  index: PolicyIndex,
  zoneId: string,
  current: Presence | undefined,
  move: PresenceMove,
  at: number,
): Presence | undefined => {
  if (zoneId === move.toZone) {
    const antiPassback = index.zones.get(zoneId)?.antiPassback;
    const keep =
      current !== undefined && (antiPassback === undefined || presenceHolds(antiPassback, current, at));
    return keep ? current : { enteredAt: at };
  }
  return zoneId === move.fromZone ? undefined : current;
};
