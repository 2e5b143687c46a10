/** `config.*` answers once the change is stored, and says so when storing it failed. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, as } = useHarness({ configSaved: () => Promise.reject(new Error("disk full")) });

describe("config changes that cannot be stored", () => {
  it("are applied, but the admin hears that they are not stored", async () => {
    const admin = await as("admin");
    const carol = { id: "carol", firstName: "Carol", lastName: "Carlsson" };
    const reply = await admin.command({ type: "config.put", entity: "cardholder", value: carol });
    expect(reply).toMatchObject({ ok: false, error: { code: "Internal" } });
    expect((reply["error"] as { message: string }).message).toContain("disk full");
    expect(h().site.policy.cardholders.map((c) => c.id)).toContain("carol");
  });
});
