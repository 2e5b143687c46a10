/**
 * The domain facts actors are rebuilt from (DESIGN §2): staged from the engine's events into the
 * journal's batch, so a fact commits with the event that caused it; read back on start.
 */
import { Either } from "effect";
import {
  compileSchedule,
  type AccessFacts,
  type DoorFacts,
  type EngineEvent,
  type Presence,
  type Site,
  type SiteConfig,
  type Slot,
} from "@portcullis/engine";
import type { Store } from "../store";

/**
 * Stages the facts events change, in event order, right after `journal.append`. Door facts are kept
 * from the events themselves: while an actor publishes, its snapshot still shows the step before.
 */
export class FactStager {
  private readonly doors: Map<string, { slot: Slot; override: boolean; overrideAt: number | undefined }>;

  constructor(
    private readonly store: Store,
    private readonly site: Site,
    restored: Readonly<Record<string, DoorFacts>>,
    overrideSince: ReadonlyMap<string, number>,
  ) {
    this.doors = new Map(
      Object.entries(restored).map(([id, f]) => [id, { ...f, overrideAt: overrideSince.get(id) }]),
    );
  }

  stage(event: EngineEvent): void {
    const facts = this.store.facts;
    switch (event.type) {
      case "DoubleSwipeToggled":
        return this.door(event.doorId, event.at, {
          override: event.override,
          overrideAt: event.override ? event.at : undefined,
        });
      case "DoorModeChanged":
        return this.door(event.doorId, event.at, { slot: event.slot });
      case "AccessTaken":
        for (const zoneId of [event.fromZone, event.toZone])
          if (zoneId !== undefined)
            for (const cardholderId of event.cardholderIds) {
              const presence = this.site.access.presence(zoneId, cardholderId);
              if (presence) facts.enter(zoneId, cardholderId, presence.enteredAt);
              else facts.leave(zoneId, cardholderId);
            }
        return;
      case "AntiPassbackForgiven":
        return facts.forgive({
          ...(event.zoneId !== undefined && { zoneId: event.zoneId }),
          ...(event.cardholderId !== undefined && { cardholderId: event.cardholderId }),
        });
      case "AccessGranted":
        // A two-person grant is a use of both credentials.
        if (event.credentialIds !== undefined)
          for (const credentialId of event.credentialIds) facts.recordUse(credentialId, event.at);
        else if (event.credentialId !== undefined) facts.recordUse(event.credentialId, event.at);
        return;
      default:
        return;
    }
  }

  private door(
    doorId: string,
    at: number,
    change: Partial<{ slot: Slot; override: boolean; overrideAt: number | undefined }>,
  ): void {
    const next = {
      slot: "none" as Slot,
      override: false,
      overrideAt: undefined,
      ...this.doors.get(doorId),
      ...change,
    };
    this.doors.set(doorId, next);
    this.store.facts.setDoor(doorId, { ...next, updatedAt: at });
  }
}

/** Persisted facts, ready for `createSite`. */
export interface RestoredFacts {
  readonly doorFacts: Record<string, DoorFacts>;
  readonly accessFacts: AccessFacts;
  /** When each restored double-swipe override was set. */
  readonly overrideSince: Map<string, number>;
}

/**
 * Reads the facts back. A double-swipe override is dropped when its door's unlock schedule had a
 * transition since it was set (DESIGN §2).
 */
export const restoreFacts = async (store: Store, site: SiteConfig, now: number): Promise<RestoredFacts> => {
  const [doors, presence, usage] = await Promise.all([
    store.facts.doors(),
    store.facts.presence(),
    store.facts.credentialUsage(),
  ]);
  const schedules = new Map(site.schedules.map((d) => [d.id, d]));
  const doorFacts: Record<string, DoorFacts> = {};
  const overrideSince = new Map<string, number>();
  for (const [doorId, f] of doors) {
    const door = site.doors.find((d) => d.id === doorId);
    const def =
      door?.type === "standard" && door.unlockSchedule !== undefined
        ? schedules.get(door.unlockSchedule)
        : undefined;
    const schedule = def && Either.getOrUndefined(compileSchedule(def, site.timeZone));
    const since = f.overrideAt ?? f.updatedAt;
    const transition = schedule?.nextTransition(since);
    const keep = f.override && (transition === undefined || transition > now);
    doorFacts[doorId] = { slot: f.slot, override: keep };
    if (keep) overrideSince.set(doorId, since);
  }
  const zones = new Map<string, Map<string, Presence>>();
  for (const p of presence) {
    const zone = zones.get(p.zoneId) ?? new Map<string, Presence>();
    zone.set(p.cardholderId, { enteredAt: p.enteredAt });
    zones.set(p.zoneId, zone);
  }
  return {
    doorFacts,
    accessFacts: {
      presence: zones,
      usage: new Map(
        usage.map((u) => [u.credentialId, { uses: u.uses, firstUse: u.firstUse, lastUse: u.lastUse }]),
      ),
    },
    overrideSince,
  };
};
