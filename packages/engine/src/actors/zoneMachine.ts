/**
 * The zone actor: who is in the zone since when (anti-passback presence), moved on `AccessTaken`,
 * forgiven by operators. The decision reads presence from it; it has no timers of its own (a
 * presence's timeout is compared at decision time).
 */
import { assign, setup } from "xstate";
import type { Presence } from "../decision/reasons";

/** Context of a zone actor. */
export interface ZoneContext {
  readonly zoneId: string;
  /**
   * Presence per cardholder. Mutated in place: a zone may hold 100 000 cardholders, and copying the
   * map on every passage would make each `AccessTaken` cost O(cardholders). Only this actor writes it.
   */
  readonly presence: Map<string, Presence>;
}

/** Events of a zone actor. */
export type ZoneEvent =
  /** Sets (or, undefined, clears) a cardholder's presence, as `nextPresence` computed it. */
  | { readonly type: "MOVE"; readonly cardholderId: string; readonly presence: Presence | undefined }
  /** Forgives one cardholder, or everybody without `cardholderId`. */
  | { readonly type: "FORGIVE"; readonly cardholderId?: string };

/** The zone machine; `input.presence` restores persisted presence (DESIGN §2). */
export const zoneMachine = setup({
  types: {
    context: {} as ZoneContext,
    events: {} as ZoneEvent,
    input: {} as { zoneId: string; presence?: ReadonlyMap<string, Presence> },
  },
  actions: {
    move: assign(({ context, event }) => {
      if (event.type !== "MOVE") return {};
      if (event.presence === undefined) context.presence.delete(event.cardholderId);
      else context.presence.set(event.cardholderId, event.presence);
      return {};
    }),
    forgive: assign(({ context, event }) => {
      if (event.type !== "FORGIVE") return {};
      if (event.cardholderId === undefined) context.presence.clear();
      else context.presence.delete(event.cardholderId);
      return {};
    }),
  },
}).createMachine({
  id: "zone",
  context: ({ input }) => ({ zoneId: input.zoneId, presence: new Map(input.presence ?? []) }),
  on: { MOVE: { actions: "move" }, FORGIVE: { actions: "forgive" } },
});
