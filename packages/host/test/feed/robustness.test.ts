/** Bad input never crashes the server or changes anything: typed errors, size limit, rate limit, failing handlers. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, open, as } = useHarness({ rateLimit: { perSecond: 50, burst: 100 } });

const lastError = (client: Awaited<ReturnType<typeof open>>) => {
  const from = client.received.length;
  return client.next((m) => m.type === "error", from);
};

describe("robustness", () => {
  it("answers garbage with typed errors and stays usable", async () => {
    const client = await open();
    const cases: Array<[string, string]> = [
      ["hello", "BadMessage"],
      ["{", "BadMessage"],
      ["[1,2]", "BadMessage"],
      ["null", "BadMessage"],
      ['{"type":5}', "BadMessage"],
      ['{"type":"launch"}', "UnknownCommand"],
      ['{"type":"hello"}', "BadCommand"],
      ['{"type":"hello","token":"x","resumeFrom":0}', "BadCommand"],
      ['{"type":"command","command":{"type":"door.unlock"}}', "BadCommand"],
    ];
    for (const [text, code] of cases) {
      const error = lastError(client);
      client.ws.send(text);
      expect((await error)["error"], text).toMatchObject({ code, message: expect.any(String) });
    }
    const error = lastError(client);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await error)["error"]).toMatchObject({ code: "BadMessage" });
    expect(await client.hello(h().secrets.operator)).toMatchObject({ type: "welcome" });
    expect(await client.command({ type: "door.explode", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "UnknownCommand" },
    });
    expect(await client.command({ type: "door.unlock" })).toMatchObject({
      ok: false,
      error: { code: "BadCommand", message: expect.stringContaining("doorId") },
    });
    expect(await client.command({ type: "door.unlock", doorId: 7 })).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
    expect(h().site.door("lobby")?.slot).toBe("none");
  });

  it("closes an oversized frame's connection with 1009 and keeps serving the others", async () => {
    const other = await as("operator");
    const big = await open();
    big.ws.send(JSON.stringify({ type: "hello", token: "x".repeat(100 * 1024) }));
    expect(await big.closed()).toBe(1009);
    expect(await other.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({ ok: true });
    const late = await as("viewer");
    expect(await late.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });

  it("limits each connection's message rate with a token bucket", async () => {
    const client = await as("viewer");
    const other = await as("viewer");
    const results = await Promise.all(
      Array.from({ length: 150 }, () => client.command({ type: "door.pinChart", doorId: "lobby" })),
    );
    // The hello took one token of the burst of 100; virtual time stands still, so nothing refills.
    expect(results.filter((r) => r["ok"] === true)).toHaveLength(99);
    expect(results.filter((r) => (r["error"] as { code?: string })?.code === "RateLimited")).toHaveLength(51);
    expect(await other.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
    h().clock.advance(1_000);
    expect(await client.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });

  it("answers a throwing handler with Internal and keeps serving", async () => {
    const client = await as("viewer");
    h().site.pinChart = () => {
      throw new Error("boom");
    };
    expect(await client.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "Internal" },
    });
    expect(await client.command({ type: "config.get", entity: "zone" })).toMatchObject({ ok: true });
  });
});
