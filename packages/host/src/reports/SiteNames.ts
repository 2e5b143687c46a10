/** Names of a site's entities by id, so reports and exports show people and places, not only ids. */
import type { Cardholder, Policy, SiteConfig } from "@portcullis/engine";

/** A site as stored and as running: its configuration and policy. */
export interface SiteRecord {
  readonly site: SiteConfig;
  readonly policy: Policy;
}

/** A cardholder's name as reports print it. */
export const fullName = (c: Pick<Cardholder, "firstName" | "lastName">): string =>
  `${c.firstName} ${c.lastName}`.trim();

/** Lookups by id; an unknown id reads as itself (an entity removed since the event). */
export class SiteNames {
  private readonly doors: ReadonlyMap<string, string>;
  private readonly readers: ReadonlyMap<string, string>;
  private readonly zones: ReadonlyMap<string, string>;
  private readonly cardholders: ReadonlyMap<string, string>;

  constructor({ site, policy }: SiteRecord) {
    this.doors = new Map(site.doors.map((d) => [d.id, d.name]));
    this.readers = new Map(
      site.doors.flatMap((d) =>
        d.type === "standard"
          ? [...d.sides.A.readers, ...d.sides.B.readers].map((r) => [r.id, r.name ?? r.id] as const)
          : [],
      ),
    );
    this.zones = new Map(policy.zones.map((z) => [z.id, z.name]));
    this.cardholders = new Map(policy.cardholders.map((c) => [c.id, fullName(c)]));
  }

  door(id: string): string {
    return this.doors.get(id) ?? id;
  }

  reader(id: string): string {
    return this.readers.get(id) ?? id;
  }

  zone(id: string): string {
    return this.zones.get(id) ?? id;
  }

  cardholder(id: string): string {
    return this.cardholders.get(id) ?? id;
  }
}
