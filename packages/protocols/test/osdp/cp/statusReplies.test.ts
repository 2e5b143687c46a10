import { describe, expect, it } from "vitest";
import { hex } from "../vectors";
import { startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");

describe("CP Secure Channel: status replies in clear, as libosdp sends them", () => {
  for (const block of [0x15, 0x16] as const)
    it(`takes LSTATR, ISTATR, OSTATR and RSTATR under 0x${block.toString(16)} with clear data once the MAC verifies`, () => {
      const h = startLine([
        {
          readerId: "r1",
          address: 1,
          scbk: KEY,
          pd: { scbk: KEY, statusRepliesInClear: block, inputCount: 2 },
        },
      ]);
      h.clock.advance(500);
      const pd = h.pds[0]!;
      pd.setInput(1, true);
      // The tamper switch is reported in LSTATR to a POLL, and to LSTAT.
      pd.setTamper(true);
      for (const kind of ["LSTAT", "ISTAT", "OSTAT", "RSTAT"] as const) h.line.send("r1", { kind });
      h.clock.advance(1_000);
      // The input change is reported in ISTATR to a POLL, and to ISTAT.
      expect(h.of("InputStatus").map((e) => e.inputs)).toEqual([
        [0, 1],
        [0, 1],
      ]);
      expect(h.of("OutputStatus").length).toBe(1);
      expect(h.of("LocalStatus").map((e) => e.tamper)).toEqual([true, true]);
      expect(h.of("CommandRefused")).toEqual([]);
      // One session all along: no reply was refused, no new handshake.
      expect(pd.countReceived("CHLNG")).toBe(1);
      expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["active"]);
      expect(h.line.status("r1")).toBe("online");
    });
});
