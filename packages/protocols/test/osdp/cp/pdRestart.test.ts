import { describe, expect, it } from "vitest";
import { hex } from "../vectors";
import { startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");
const H10301_BITS = "10010101000000000010001010";

describe("CP after a PD restart (NAK sequence error at SQN 0)", () => {
  it("restarts the link in plaintext at SQN 0, then the handshake; cards read again", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    const from = pd.received.length;
    pd.restart();
    h.clock.advance(500);
    const after = pd.received.slice(from, from + 6).map((r) => [r.kind, r.sqn, r.secure]);
    // The command the restarted PD refused, then a plaintext conversation from SQN 0 and a new session.
    expect(after[0]).toEqual(["?", expect.any(Number), true]);
    expect(after.slice(1)).toEqual([
      ["ID", 0, false],
      ["CAP", 1, false],
      ["CHLNG", 2, true],
      ["SCRYPT", 3, true],
      ["POLL", 1, true],
    ]);
    expect(pd.secureChannelActive()).toBe(true);
    pd.swipe(H10301_BITS);
    h.clock.advance(200);
    expect(h.of("CardRead").map((e) => e.bits)).toEqual([H10301_BITS]);
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["active"]);
  });

  it("in plaintext, starts over from ID at SQN 0", () => {
    const h = startLine([{ readerId: "r1", address: 1 }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    const from = pd.received.length;
    pd.restart();
    h.clock.advance(500);
    expect(pd.received.slice(from + 1, from + 4).map((r) => [r.kind, r.sqn])).toEqual([
      ["ID", 0],
      ["CAP", 1],
      ["POLL", 2],
    ]);
    expect(h.line.status("r1")).toBe("online");
  });
});
