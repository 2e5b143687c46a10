/** Zone validation: perimeter and internal doors, monitoring doors, anti-passback needs. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { validatePolicy, validateSite, type SiteConfig } from "@portcullis/engine";
import { hasher, seedZones, site, siteInput } from "../decision/fixtures";

const check = (zones: unknown[], on: SiteConfig = site) => validatePolicy({ zones }, on, hasher);
const errorField = (zones: unknown[], on?: SiteConfig) =>
  Either.match(check(zones, on), { onLeft: (e) => e.field, onRight: () => undefined });
const zone = (id: string, doors: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  doors,
  ...extra,
});

describe("zones", () => {
  it("accept the seed's example with perimeter defaults", () => {
    const { policy, warnings } = Either.getOrThrow(check(seedZones({ mode: "hard", timeoutS: 0 })));
    expect(policy.zones[1]?.doors[0]).toEqual({ doorId: "blue", role: "perimeter", leave: false });
    expect(warnings).toEqual([]);
  });

  it("let a perimeter door enter one zone and leave the other, in at most two zones", () => {
    const enterBoth = [zone("x", [{ doorId: "brown" }]), zone("y", [{ doorId: "brown" }])];
    expect(errorField(enterBoth)).toBe("zones[1].doors[0].leave");
    const three = [
      zone("x", [{ doorId: "brown" }]),
      zone("y", [{ doorId: "brown", leave: true }]),
      zone("z", [{ doorId: "brown", leave: true }]),
    ];
    expect(errorField(three)).toBe("zones[2].doors[0].doorId");
  });

  it("keep an internal door in one zone", () => {
    const twice = [
      zone("x", [{ doorId: "green", role: "internal" }]),
      zone("y", [{ doorId: "green", leave: true }]),
    ];
    expect(errorField(twice)).toBe("zones[1].doors[0].role");
  });

  it("never contain a monitoring door or an unknown door", () => {
    expect(errorField([zone("x", [{ doorId: "store" }])])).toBe("zones[0].doors[0].doorId");
    expect(errorField([zone("x", [{ doorId: "attic" }])])).toBe("zones[0].doors[0].doorId");
  });

  it("with anti-passback need a door monitor on every door", () => {
    const input = siteInput({ blue: { doorMonitor: undefined } });
    const noMonitor = Either.getOrThrow(validateSite(input));
    expect(errorField(seedZones({ mode: "soft", timeoutS: 10 }), noMonitor)).toBe("zones[1].doors[0].doorId");
    expect(errorField(seedZones(), noMonitor)).toBeUndefined();
  });

  it("warn (not fail) for hard anti-passback without timeout when a door lacks a reader on one side", () => {
    const input = siteInput({
      blue: { sides: { A: { readers: [{ id: "only", type: "osdp", port: "rd1" }] }, B: {} } },
    });
    const oneSided = Either.getOrThrow(validateSite(input));
    const hard0 = Either.getOrThrow(check(seedZones({ mode: "hard", timeoutS: 0 }), oneSided));
    expect(hard0.warnings.map((w) => w.field)).toEqual(["zones[1].doors[0].doorId"]);
    expect(Either.getOrThrow(check(seedZones({ mode: "hard", timeoutS: 60 }), oneSided)).warnings).toEqual(
      [],
    );
    expect(Either.getOrThrow(check(seedZones({ mode: "soft", timeoutS: 0 }), oneSided)).warnings).toEqual([]);
  });

  it("name a bad anti-passback field", () => {
    expect(errorField([zone("x", [], { antiPassback: { mode: "strict", timeoutS: 0 } })])).toBe(
      "zones[0].antiPassback.mode",
    );
  });
});
