/** The manual-slot command table of DESIGN §4: what each operator command does to a door's slot. */
import type { Slot } from "../events";

/** Operator commands on a door or a zone (seed "Manual actions"). */
export type ManualCommand = "reset" | "grant" | "unlock" | "lock" | "lockdown";

/** Result of a manual command against the current slot. */
export type SlotOutcome =
  | { readonly kind: "slot"; readonly slot: Slot }
  /** Grant access: a 7 s momentary unlock, the slot unchanged. */
  | { readonly kind: "momentary" }
  | { readonly kind: "no-op" }
  | { readonly kind: "refused"; readonly reason: "DoorInLockdown" };

/** Seed: "Grant access – Unlocks a door or zone for 7 seconds and then locks it again." */
export const MANUAL_GRANT_MS = 7_000;

const refused: SlotOutcome = { kind: "refused", reason: "DoorInLockdown" };

/** Applies the slot table; last command wins, Unlock releases lockdown, Lock and Grant are refused in it. */
export const applyManualCommand = (slot: Slot, command: ManualCommand): SlotOutcome => {
  switch (command) {
    case "reset":
      return { kind: "slot", slot: "none" };
    case "unlock":
      return { kind: "slot", slot: "unlock" };
    case "lock":
      return slot === "lockdown" ? refused : { kind: "slot", slot: "lock" };
    case "lockdown":
      return slot === "lockdown" ? { kind: "no-op" } : { kind: "slot", slot: "lockdown" };
    case "grant":
      if (slot === "lockdown") return refused;
      return slot === "unlock" ? { kind: "no-op" } : { kind: "momentary" };
  }
};
