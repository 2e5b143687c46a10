/**
 * A door's first position reading is taken silently (no event), yet whoever shows the door must
 * learn it: the site names the door on `doorsSeen$`, and its snapshot shows the reading once the
 * input is handled.
 */
import { simulateSite } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { doorConfig } from "../support/doorSite";

describe("doorsSeen$", () => {
  it("names a standard door once its first reading is taken, and not for later changes, which have events", () => {
    const s = simulateSite(
      doorConfig({
        doorMonitor: {
          input: "in1",
          openWhen: "circuit-open",
          debounceMs: 50,
          supervision: { kind: "parallel-first" },
        },
      }),
    );
    const seen: string[] = [];
    s.site.doorsSeen$.subscribe((id) => seen.push(id));
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    expect(seen).toEqual([]);
    s.advance(50);
    expect(seen).toEqual(["d1"]);
    expect(s.site.door("d1")?.position).toBe("Closed");
    expect(s.typesSince(0)).toEqual([]);

    s.push({ type: "door", doorId: "d1", open: true });
    s.advance(1_000);
    expect(s.typesSince(0)).toContain("DoorOpened");
    expect(seen).toEqual(["d1"]);

    // After a fault the monitor's reading is new again.
    s.push({ type: "input", inputId: "c1:in1", state: "cut" });
    s.advance(50);
    expect(s.site.door("d1")?.position).toBe("Unknown");
    s.push({ type: "input", inputId: "c1:in1", state: "active" });
    s.advance(50);
    expect(seen).toEqual(["d1", "d1"]);
    expect(s.site.door("d1")?.position).toBe("Open");
  });

  it("names a monitoring door once its first reading is taken", () => {
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
              sensor: { input: "i1", openWhen: "circuit-open" },
            },
          ],
        },
      ),
    );
    const seen: string[] = [];
    s.site.doorsSeen$.subscribe((id) => seen.push(id));
    s.push({ type: "door", doorId: "m1", open: false });
    expect(seen).toEqual(["m1"]);
    expect(s.site.door("m1")?.position).toBe("Closed");
    s.push({ type: "door", doorId: "m1", open: true });
    expect(seen).toEqual(["m1"]);
    expect(s.typesSince(0)).toEqual(["DoorOpened"]);
  });
});
