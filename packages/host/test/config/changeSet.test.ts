/** `ConfigWriter.apply`, the one entry point for a change set (config commands, door copies, imports): all or nothing, stored once. */
import { describe, expect, it } from "vitest";
import { Either } from "effect";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

const carol = { id: "carol", firstName: "Carol", lastName: "Carlsson" };

describe("a change set", () => {
  it("is applied and stored whole, answering every change", async () => {
    const h = await start();
    const applied = await h.host.config.apply(
      [
        { op: "put", entity: "cardholder", value: carol },
        { op: "patch", entity: "group", id: "staff", fields: { members: ["alice", "bob", "carol"] } },
      ],
      "importer",
    );
    expect(Either.getOrThrow(applied).changed.map((c) => `${c.change} ${c.entity} ${c.id}`)).toEqual([
      "put cardholder carol",
      "patch group staff",
    ]);
    await h.stop();
    const again = await start();
    expect(again.host.site.policy.groups[0]?.members).toContain("carol");
  });

  it("refused part-way is undone: nothing of it stays, in memory or stored", async () => {
    const h = await start();
    const refused = await h.host.config.apply(
      [
        { op: "put", entity: "cardholder", value: carol },
        { op: "put", entity: "rule", value: { id: "r", name: "r", groups: ["nobody"] } },
      ],
      "importer",
    );
    expect(Either.isLeft(refused) && refused.left.message).toContain('unknown group "nobody"');
    expect(h.host.site.policy.cardholders.map((c) => c.id)).toEqual(["alice", "bob"]);
    expect((await h.configChanges()).map((e) => [e.change, e.entity, e.id, e.by])).toEqual([
      ["put", "cardholder", "carol", "importer"],
      ["remove", "cardholder", "carol", "importer (undone: refused part-way)"],
    ]);
    await h.stop();
    const again = await start();
    expect(again.host.site.policy.cardholders.map((c) => c.id)).toEqual(["alice", "bob"]);
  });
});
