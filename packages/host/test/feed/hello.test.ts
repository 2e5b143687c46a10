/** Hello and welcome: tokens of each role, refused tokens, nothing before hello. */
import { describe, expect, it } from "vitest";
import { ALICE_CARD } from "./site";
import { useHarness } from "./useHarness";

const { h, open } = useHarness();

describe("hello", () => {
  it.each(["viewer", "operator", "admin"] as const)(
    "welcomes a %s token with its role and the journal head",
    async (role) => {
      h().site.push({ type: "card", readerId: "lobby-in", number: ALICE_CARD });
      await h().commit();
      const client = await open();
      expect(await client.hello(h().secrets[role])).toEqual({
        type: "welcome",
        role,
        seq: h().journal.head(),
      });
      expect(h().journal.head()).toBeGreaterThan(0);
    },
  );

  it("refuses an unknown token, and the connection can say hello again", async () => {
    const client = await open();
    expect(await client.hello("not-a-token")).toMatchObject({
      type: "error",
      error: { code: "Unauthorized" },
    });
    expect(await client.hello(h().secrets.viewer)).toMatchObject({ type: "welcome", role: "viewer" });
  });

  it("refuses subscribe and commands before hello", async () => {
    const client = await open();
    client.send({ type: "subscribe", topics: ["doors"] });
    expect(await client.next((m) => m.type === "error")).toMatchObject({ error: { code: "Unauthorized" } });
    expect(await client.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "Unauthorized" },
    });
    expect(h().site.door("lobby")?.slot).toBe("none");
  });

  it("refuses a second hello on a welcomed connection", async () => {
    const client = await open();
    await client.hello(h().secrets.viewer);
    expect(await client.hello(h().secrets.admin)).toMatchObject({
      type: "error",
      error: { code: "BadCommand" },
    });
  });

  it("ends a session whose token expires", async () => {
    const { secret } = await h().store.tokens.issue({
      role: "operator",
      expiresAt: h().clock.now() + 60_000,
    });
    const client = await open();
    expect(await client.hello(secret)).toMatchObject({ type: "welcome" });
    h().clock.advance(60_000);
    expect(await client.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "Unauthorized" },
    });
  });
});
