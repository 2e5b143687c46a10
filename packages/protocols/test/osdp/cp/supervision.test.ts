/** The control panel's machines are supervised (DESIGN §2): an error is reported on the line and the machine rebuilt. */
import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { type CpLineEvent, makeCpLine, type OsdpTransport, TRANSACTION_RESTART_MS } from "../../../src/osdp";
import { seededCrypto } from "../vectors";
import { startLine } from "./harness";

// H10301 facility 42, card 69.
const H10301_BITS = "10010101000000000010001010";

describe("CP line supervision", () => {
  it("a PD machine that fails is reported, rebuilt from ID, and reads cards again; its neighbour runs on", () => {
    const h = startLine([
      { readerId: "r1", address: 1 },
      { readerId: "r2", address: 2 },
    ]);
    // A listener that cannot take r1 coming online: the PD machine emitting it fails.
    let fail = true;
    h.line.subscribe((e) => {
      if (fail && e.type === "ReaderOnline" && e.readerId === "r1") {
        fail = false;
        throw new Error("listener failed");
      }
    });
    h.clock.advance(1_000);
    expect(h.of("ActorRestarted")).toEqual([
      {
        type: "ActorRestarted",
        at: expect.any(Number),
        actor: "pd",
        readerId: "r1",
        error: "Error: listener failed",
      },
    ]);
    // Rebuilt, r1 is brought up again from ID.
    const r1 = h.pds[0]!.received.map((r) => r.kind);
    expect(r1.filter((k) => k === "ID")).toHaveLength(2);
    expect(h.line.status("r1")).toBe("online");
    h.pds[0]!.swipe(H10301_BITS);
    h.pds[1]!.swipe(H10301_BITS);
    h.clock.advance(200);
    expect(
      h
        .of("CardRead")
        .map((e) => e.readerId)
        .sort(),
    ).toEqual(["r1", "r2"]);
    expect(h.pds[1]!.received.filter((r) => r.kind === "ID")).toHaveLength(1);
  });

  it("a transaction layer that fails is reported without a reader and rebuilt: the line polls again", () => {
    const clock = new VirtualClock();
    const bus = new Rs485Bus(clock, 9600);
    const wire = bus.attach();
    // The serial port refuses one write, as a port being reopened would.
    let refuse = false;
    const transport: OsdpTransport = {
      onData: wire.onData,
      write: (bytes) => {
        if (refuse) {
          refuse = false;
          throw new Error("port not open");
        }
        wire.write(bytes);
      },
    };
    const line = makeCpLine({
      transport,
      clock,
      crypto: seededCrypto(1),
      baudRate: 9600,
      readers: [{ readerId: "r1", address: 1, scbk: null }],
    });
    const pd = new SimulatedPd({ clock, transport: bus.attach(), address: 1, crypto: seededCrypto(100) });
    const events: CpLineEvent[] = [];
    line.subscribe((e) => events.push(e));
    line.start();
    clock.advance(1_000);
    expect(line.status("r1")).toBe("online");
    refuse = true;
    clock.advance(100);
    expect(events.filter((e) => e.type === "ActorRestarted")).toEqual([
      { type: "ActorRestarted", at: expect.any(Number), actor: "transaction", error: "Error: port not open" },
    ]);
    // The new layer takes over after a pause, and polling goes on.
    const polls = pd.countReceived("POLL");
    clock.advance(TRANSACTION_RESTART_MS + 1_000);
    expect(pd.countReceived("POLL")).toBeGreaterThan(polls + 10);
    expect(line.status("r1")).toBe("online");
    pd.swipe(H10301_BITS);
    clock.advance(200);
    expect(events.filter((e) => e.type === "CardRead")).toHaveLength(1);
    line.stop();
  });
});
