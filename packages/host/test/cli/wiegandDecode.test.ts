import { describe, expect, it } from "vitest";
import { portcullis } from "./run";

// Each case spawns node with tsx (1–5 s per process on a loaded two-core machine).
describe("portcullis wiegand decode", { timeout: 60_000 }, () => {
  it("decodes a shared vector frame (H10301 42/69)", () => {
    const run = portcullis("wiegand", "decode", "--format", "H10301", "10010101000000000010001010");
    expect(run.code).toBe(0);
    expect(run.lines).toEqual(['{"ok":true,"format":"H10301","facility":"42","card":"69","parityOk":true}']);
  });

  it("a parity failure is ok: true, parityOk: false", () => {
    const run = portcullis("wiegand", "decode", "--format", "h10301", "00010101000000000010001010");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.lines[0]!)).toEqual({
      ok: true,
      format: "H10301",
      facility: "42",
      card: "69",
      parityOk: false,
    });
  });

  it("malformed input is ok: false with exit code 1", () => {
    const run = portcullis("wiegand", "decode", "--format", "H10301", "1010");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.lines[0]!)).toMatchObject({ ok: false });
  });

  it("usage errors exit 2 with a message", () => {
    const missing = portcullis("wiegand", "decode", "1010");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--format NAME is required");
    const unknown = portcullis("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("portcullis osdp decode");
  });
});
