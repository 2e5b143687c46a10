/** `config.*` answers once the change is stored; one that cannot be stored is answered Internal and undone in memory. */
import { siteFileJson } from "@portcullis/engine";
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

let storing: "works" | "fails" = "fails";
const { h, as } = useHarness({
  configSaved: () => (storing === "works" ? Promise.resolve() : Promise.reject(new Error("disk full"))),
});

const configChanges = async () => {
  await h().commit();
  return (await h().journal.readFrom(1, 1_000)).flatMap((e) =>
    e.type === "ConfigChanged" ? [[e.change, e.entity, e.id, e.by]] : [],
  );
};

describe("config changes that cannot be stored", () => {
  it("are answered Internal, saying why, and undone: memory never runs ahead of the store", async () => {
    storing = "fails";
    const admin = await as("admin");
    const carol = { id: "carol", firstName: "Carol", lastName: "Carlsson" };
    const reply = await admin.command({ type: "config.put", entity: "cardholder", value: carol });
    expect(reply).toMatchObject({ ok: false, error: { code: "Internal" } });
    expect((reply["error"] as { message: string }).message).toMatch(/could not be stored.*disk full.*undone/);
    expect(h().site.policy.cardholders.map((c) => c.id)).not.toContain("carol");
    expect(await configChanges()).toEqual([
      ["put", "cardholder", "carol", "adam"],
      ["remove", "cardholder", "carol", "adam (undone: not stored)"],
    ]);
  });

  it("undo a removal whole: the cardholder comes back with credentials and group membership", async () => {
    storing = "fails";
    const admin = await as("admin");
    // Lists compared as sets: an entity put back takes the end of its list.
    const policy = () => {
      const json = siteFileJson(h().site.config, h().site.policy)["policy"] as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(json).map(([k, v]) => [
          k,
          Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : v,
        ]),
      );
    };
    const before = policy();
    const reply = await admin.command({
      type: "config.remove",
      entity: "cardholder",
      id: "alice",
      cascade: true,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: "Internal" } });
    expect(policy()).toEqual(before);
    expect(h().site.policy.credentials.filter((c) => c.cardholderId === "alice")).toHaveLength(2);
    expect(h().site.policy.groups.find((g) => g.id === "staff")?.members).toContain("alice");
  });

  it("stay applied once stored", async () => {
    storing = "works";
    const admin = await as("admin");
    const dave = { id: "dave", firstName: "Dave", lastName: "Dahl" };
    expect(await admin.command({ type: "config.put", entity: "cardholder", value: dave })).toMatchObject({
      ok: true,
    });
    expect(h().site.policy.cardholders.map((c) => c.id)).toContain("dave");
  });
});
