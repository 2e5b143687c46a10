/** A position reading while the door's monitor is faulted is not taken: a faulted monitor means position Unknown. */
import { describe, expect, it } from "vitest";
import { simulateSite } from "@portcullis/testkit";
import { doorConfig, doorSite } from "../support/doorSite";

describe("a door input while the monitor is faulted", () => {
  it("is ignored on a standard door: no opening, no forced-open alarm, position Unknown", () => {
    const s = doorSite({
      doorMonitor: { input: "in1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
    });
    s.push({ type: "input", inputId: "c1:in1", state: "cut" });
    s.open();
    s.advance(60_000);
    expect(s.site.door("d1")?.position).toBe("Unknown");
    expect(s.typesSince(0)).toEqual(["InputFault"]);
  });

  it("is ignored on a monitoring door", () => {
    const s = simulateSite(
      doorConfig(
        {},
        {
          controllers: [{ id: "io", name: "I/O", kind: "io-module", inputs: ["i1"] }],
          doors: [
            {
              id: "m1",
              name: "Fire exit",
              controllerId: "io",
              type: "monitoring",
              sensor: { input: "i1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
            },
          ],
        },
      ),
    );
    s.push({ type: "input", inputId: "io:i1", state: "short" });
    s.push({ type: "door", doorId: "m1", open: true });
    expect(s.site.door("m1")?.position).toBe("Unknown");
    expect(s.typesSince(0)).toEqual(["InputFault"]);
  });
});
