import { describe, expect, it } from "vitest";
import { OFFLINE_AFTER_MS } from "../../../src";
import { hex } from "../vectors";
import { startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");
const H10301_BITS = "10010101000000000010001010";
const reader = { readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } };

describe("CP: a Secure Channel session that keeps failing surfaces", () => {
  it("replies replaced after the handshake: never online, SecureChannel failed, reader error, no card read", () => {
    const h = startLine([reader]);
    const pd = h.pds[0]!;
    pd.inject({ kind: "replace", handshake: false });
    pd.swipe(H10301_BITS);
    h.clock.advance(5_000);
    expect(h.of("ReaderOnline")).toEqual([]);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["failed"]);
    expect(h.of("ReaderError").map((e) => e.secureChannel)).toEqual(["failed"]);
    expect(h.line.status("r1")).toBe("error");
    expect(h.of("CardRead")).toEqual([]);
  });

  it("a handshake that never completes (its replies replaced): failed and error, not online", () => {
    const h = startLine([reader]);
    h.pds[0]!.inject({ kind: "replace", handshake: true });
    h.clock.advance(20_000);
    expect(h.of("ReaderOnline")).toEqual([]);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["failed"]);
    expect(h.line.status("r1")).toBe("error");
    // The PD still answers in plaintext: it is unusable, not gone.
    expect(h.of("ReaderOffline")).toEqual([]);
  });

  it("an online session whose replies start failing: one new handshake, then error; offline 8 s after the last valid reply", () => {
    const h = startLine([reader]);
    h.clock.advance(500);
    expect(h.line.status("r1")).toBe("online");
    const pd = h.pds[0]!;
    pd.inject({ kind: "replace", handshake: true });
    h.clock.advance(10_000);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["active", "failed"]);
    expect(h.line.status("r1")).toBe("error");
    expect(pd.countReceived("CHLNG")).toBe(2);
    expect(h.of("ReaderOffline")).toEqual([]);
    // Now nothing valid comes back at all.
    const silentFrom = h.clock.now();
    pd.inject({ kind: "corrupt-crc" });
    h.clock.advance(OFFLINE_AFTER_MS + 2_000);
    const [offline] = h.of("ReaderOffline");
    expect(offline).toBeDefined();
    expect(offline!.at - silentFrom).toBeLessThanOrEqual(OFFLINE_AFTER_MS);
    expect(offline!.at - silentFrom).toBeGreaterThan(OFFLINE_AFTER_MS - 1_100);
    expect(h.line.status("r1")).toBe("offline");
  });
});
