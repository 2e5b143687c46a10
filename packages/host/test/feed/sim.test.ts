/** Demo mode: `sim.*` drives the simulated hardware; elsewhere it is NotAvailable. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

describe("sim in demo mode", () => {
  const { h, as } = useHarness({ demo: true });

  it("swipes a card, enters keys, opens a door and presses REX", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "sim.door", doorId: "lobby", open: false })).toMatchObject({
      ok: true,
    });
    expect(await operator.command({ type: "sim.swipe", readerId: "lobby-in", number: "1001" })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(h().site.door("lobby")?.mode).toBe("Accessed");
    expect(
      await operator.command({ type: "sim.swipe", readerId: "lobby-in", bits: "10".repeat(13) }),
    ).toMatchObject({ ok: true });
    expect(await operator.command({ type: "sim.pin", readerId: "lobby-in", keys: "1234#" })).toMatchObject({
      ok: true,
    });
    expect(await operator.command({ type: "sim.rex", doorId: "lobby", side: "B" })).toMatchObject({
      ok: true,
    });
    expect(await operator.command({ type: "sim.rex", doorId: "lobby", side: "A" })).toMatchObject({
      ok: false,
      error: { code: "NoRex" },
    });
    expect(await operator.command({ type: "sim.swipe", readerId: "lobby-in", number: "12ab" })).toMatchObject(
      {
        ok: false,
        error: { code: "BadCommand" },
      },
    );
  });
});

describe("sim outside demo mode", () => {
  const { as } = useHarness();

  it("answers NotAvailable", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "sim.swipe", readerId: "lobby-in", number: "1001" })).toMatchObject(
      {
        ok: false,
        error: { code: "NotAvailable" },
      },
    );
  });
});
