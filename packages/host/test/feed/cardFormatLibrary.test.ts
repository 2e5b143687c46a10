/** `config.cardFormatLibrary`: the whole library with its active flags, following `config.set cardFormats`. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { as } = useHarness();

type Listed = { name: string; bits: number; active: boolean; predefined: boolean; invertBitOrder: boolean };

describe("config.cardFormatLibrary", () => {
  it("lists the predefined formats with their defaults, then the site's edits and custom formats", async () => {
    const viewer = await as("viewer");
    const before = (await viewer.command({ type: "config.cardFormatLibrary" }))["value"] as Listed[];
    expect(before.map((f) => [f.name, f.bits, f.active, f.predefined])).toEqual([
      ["H10301", 26, true, true],
      ["H10306", 34, true, true],
      ["C1k35s", 35, true, true],
      ["H10302", 37, true, true],
      ["H10304", 37, false, true],
      ["C1k48s", 48, true, true],
    ]);

    const admin = await as("admin");
    const custom = { name: "Site40", bits: 40, cardNumber: { range: { from: 8, to: 39 } }, active: true };
    expect(
      await admin.command({
        type: "config.set",
        entity: "cardFormats",
        value: [{ name: "H10301", invertBitOrder: true }, custom],
      }),
    ).toMatchObject({ ok: true });
    const after = (await viewer.command({ type: "config.cardFormatLibrary" }))["value"] as Listed[];
    expect(after.find((f) => f.name === "H10301")).toMatchObject({ invertBitOrder: true, active: true });
    expect(after.at(-1)).toMatchObject({ name: "Site40", bits: 40, active: true, predefined: false });
  });
});
