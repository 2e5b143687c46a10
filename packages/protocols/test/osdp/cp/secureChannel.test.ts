import { describe, expect, it } from "vitest";
import { deriveScbk, SCBK_D } from "../../../src";
import { hex, seededCrypto } from "../vectors";
import { startLine } from "./harness";

const MAIN_KEY = hex("0f0e0d0c0b0a09080706050403020100");
const DERIVED = deriveScbk(seededCrypto(0), MAIN_KEY, "r1");
const H10301_BITS = "10010101000000000010001010";

describe("CP Secure Channel: install mode, KEYSET, and never a fallback", () => {
  it("install mode: handshake under SCBK-D, KEYSET of the derived key, new session at SQN 0 under it", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: DERIVED }]);
    const pd = h.pds[0]!;
    // A factory-fresh PD knows only SCBK-D: without install mode the CP refuses to go on.
    h.clock.advance(1_000);
    expect(h.line.status("r1")).toBe("error");
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["failed"]);
    expect(h.of("ReaderError")).toEqual([
      { type: "ReaderError", readerId: "r1", at: expect.any(Number), secureChannel: "failed" },
    ]);
    expect(pd.received.filter((r) => r.kind === "POLL")).toEqual([]);

    const from = pd.received.length;
    h.line.setInstallMode("r1", 60_000);
    h.clock.advance(1_000);
    const after = pd.received.slice(from);
    expect(after.slice(0, 8).map((r) => [r.kind, r.sqn])).toEqual([
      ["ID", 0],
      ["CAP", 1],
      ["CHLNG", 2],
      ["SCRYPT", 3],
      ["KEYSET", 1],
      ["CHLNG", 0],
      ["SCRYPT", 1],
      ["POLL", 2],
    ]);
    expect(pd.scbk()).toEqual(DERIVED);
    expect(pd.secureChannelActive()).toBe(true);
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("InstallMode").map((e) => e.active)).toEqual([true, false]);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["failed", "active"]);
  });

  it("install mode is time-limited: it ends unused after its duration", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: DERIVED, pd: { scbk: DERIVED } }]);
    h.clock.advance(500);
    h.line.setInstallMode("r1", 10_000);
    h.clock.advance(9_999);
    expect(h.of("InstallMode").map((e) => e.active)).toEqual([true]);
    h.clock.advance(1);
    expect(h.of("InstallMode").map((e) => e.active)).toEqual([true, false]);
    // Online readers keep their session: install mode only matters to a reader being brought up.
    expect(h.line.status("r1")).toBe("online");
  });

  it("a PD without Secure Channel on a Secure Channel reader: error, never online, card data ignored", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: DERIVED, pd: { secureChannel: false } }]);
    const pd = h.pds[0]!;
    pd.swipe(H10301_BITS);
    h.clock.advance(120_000);
    expect(h.line.status("r1")).toBe("error");
    expect(h.of("ReaderOnline")).toEqual([]);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["unsupported"]);
    expect(h.of("ReaderError").map((e) => e.secureChannel)).toEqual(["unsupported"]);
    expect(h.of("CardRead")).toEqual([]);
    // Never a plaintext POLL (which would fetch the card) and never a handshake it cannot do.
    expect(pd.countReceived("POLL")).toBe(0);
    expect(pd.countReceived("CHLNG")).toBe(0);
  });

  it("a PD that announces Secure Channel but NAKs CHLNG is unsupported too", () => {
    const h = startLine([
      {
        readerId: "r1",
        address: 1,
        scbk: DERIVED,
        pd: {
          secureChannel: false,
          capabilities: [{ function: 9, compliance: 1, count: 1 }],
        },
      },
    ]);
    h.clock.advance(2_000);
    expect(h.line.status("r1")).toBe("error");
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["unsupported"]);
    expect(h.pds[0]!.countReceived("POLL")).toBe(0);
  });

  it("a PD holding another key fails the handshake: error `failed`, no SCBK-D retry without install mode", () => {
    const h = startLine([
      { readerId: "r1", address: 1, scbk: DERIVED, pd: { scbk: hex("ffeeddccbbaa99887766554433221100") } },
    ]);
    h.clock.advance(60_000);
    expect(h.line.status("r1")).toBe("error");
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["failed"]);
    expect(h.of("ReaderOnline")).toEqual([]);
    expect(h.pds[0]!.countReceived("POLL")).toBe(0);
  });

  it("a reader in plaintext never starts a handshake, even with a PD that offers one", () => {
    const h = startLine([{ readerId: "r1", address: 1, pd: { scbk: SCBK_D } }]);
    h.clock.advance(500);
    expect(h.line.status("r1")).toBe("online");
    expect(h.pds[0]!.countReceived("CHLNG")).toBe(0);
  });

  it("a bad MAC drops the session and the CP re-handshakes under the same key", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: DERIVED, pd: { scbk: DERIVED } }]);
    h.clock.advance(500);
    // NAK 0x06 is how a PD says it dropped the session (e.g. after a bad MAC).
    h.pds[0]!.inject({ kind: "nak", code: 0x06 }, 1);
    h.clock.advance(500);
    expect(h.pds[0]!.countReceived("CHLNG")).toBe(2);
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("ReaderOnline").length).toBe(1);
  });
});
