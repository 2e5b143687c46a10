/** The site stored entity by entity: migrated from the whole-document row, reloaded as it was, a change writing only its rows. */
import { join } from "node:path";
import { validateSiteFile } from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { Database, migrate, migrations, SiteDocuments, Store } from "../../src/store";
import { feedSite } from "../feed/site";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const clock = new VirtualClock(Date.UTC(2026, 0, 5, 8));
const valid = Either.getOrThrow(validateSiteFile(feedSite, hmacPinHasher(), siteCardFormatSupport));
const state = { site: valid.site, policy: valid.policy };

describe("the stored site", () => {
  it("moves from the whole-document row of version 6 to a row per entity, and loads as it was", async () => {
    const path = join(dir(), "v6.db");
    const old = await Database.open(path);
    await migrate(
      old,
      1000,
      migrations.filter((m) => m.version <= 6),
    );
    await new SiteDocuments(old, clock).put(state);
    await old.close();

    const store = await Store.open({ path, clock });
    expect(await store.site.load()).toEqual(state);
    expect(await store.siteDocuments.get("site")).toBeUndefined();
    expect((await store.entities.list("cardholder")).map((e) => e.id)).toEqual(["alice", "bob"]);
    expect((await store.entities.get("credential", "alice-card"))?.value).toMatchObject({ number: 1001n });
    expect((await store.entities.get("policy", "policy"))?.value).not.toHaveProperty("cardholders");
    await store.close();
  });

  it("writes only the entities a change names, new ones after the others of their kind", async () => {
    const store = await Store.open({ path: join(dir(), "write.db"), clock });
    await store.site.replace(state);
    const carol = { id: "carol", firstName: "Carol", lastName: "Carlsson", longAccess: false };
    const changed = {
      ...state,
      policy: {
        ...state.policy,
        cardholders: [carol, ...state.policy.cardholders.filter((c) => c.id !== "bob")],
        pin: { ...state.policy.pin, maxLength: 8 },
      },
    } as typeof state;
    const revision = await store.site.write(
      changed,
      [
        { entity: "cardholder", id: "carol" },
        { entity: "cardholder", id: "bob" },
        { entity: "pin", id: "pin" },
      ],
      "adam",
    );
    expect((await store.entities.history(revision - 1)).map((h) => [h.kind, h.id, h.by])).toEqual([
      ["cardholder", "bob", "adam"],
      ["cardholder", "carol", "adam"],
      ["policy", "policy", "adam"],
    ]);
    const loaded = await store.site.load();
    expect(loaded?.policy.cardholders.map((c) => c.id)).toEqual(["alice", "carol"]);
    expect(loaded?.policy.pin.maxLength).toBe(8);
    expect(loaded?.site).toEqual(state.site);
    await store.close();
  });
});
