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

  it("closes a connection whose token expires, at the expiry", async () => {
    const { secret } = await h().store.tokens.issue({
      role: "operator",
      expiresAt: h().clock.now() + 60_000,
    });
    const client = await open();
    expect(await client.hello(secret)).toMatchObject({ type: "welcome" });
    h().clock.advance(59_999);
    expect(await client.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
    h().clock.advance(1);
    expect(await client.closed()).toBe(1008);
    expect(client.ws.readyState).toBe(client.ws.CLOSED);
  });

  it("closes a connection whose token expires six weeks after its hello", async () => {
    const inSixWeeks = h().clock.now() + 42 * 86_400_000;
    const { secret } = await h().store.tokens.issue({ role: "viewer", expiresAt: inSixWeeks });
    const client = await open();
    expect(await client.hello(secret)).toMatchObject({ type: "welcome" });
    h().clock.advance(30 * 86_400_000);
    expect(await client.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
    h().clock.advance(12 * 86_400_000);
    expect(await client.closed()).toBe(1008);
  });

  it("closes a connection that says no hello within 10 s, and only that one", async () => {
    const silent = await open();
    const welcomed = await open();
    await welcomed.hello(h().secrets.viewer);
    h().clock.advance(9_999);
    expect(silent.ws.readyState).toBe(silent.ws.OPEN);
    h().clock.advance(1);
    expect(await silent.closed()).toBe(1008);
    expect(await welcomed.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });

  it("limits failed hellos per address and logs them; a valid token waits too", async () => {
    const client = await open();
    for (let i = 0; i < 10; i++)
      expect(await client.hello(`guess-${i}`)).toMatchObject({ error: { code: "Unauthorized" } });
    expect(await client.hello("guess-10")).toMatchObject({ error: { code: "RateLimited" } });
    const other = await open();
    expect(await other.hello(h().secrets.viewer)).toMatchObject({ error: { code: "RateLimited" } });
    expect(h().logs.filter((l) => l.msg === "feed.hello_refused")).toHaveLength(10);
    expect(h().logs.find((l) => l.msg === "feed.hello_refused")?.fields).toMatchObject({
      remote: "127.0.0.1",
    });
    h().clock.advance(6_000);
    expect(await other.hello(h().secrets.viewer)).toMatchObject({ type: "welcome" });
  });
});
