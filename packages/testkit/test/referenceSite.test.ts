/** The reference site is valid at any size, with or without facility codes, and the same for the same seed. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { validateSiteFile } from "@portcullis/engine";
import { hmacPinHasher, referenceSite } from "../src";

describe("referenceSite", () => {
  it.each([
    { doors: 1, cardholders: 1, facilityCodes: true },
    { doors: 60, cardholders: 500, facilityCodes: true },
    { doors: 30, cardholders: 300, facilityCodes: false },
  ])(
    "validates without warnings: $doors doors, $cardholders cardholders, facility codes $facilityCodes",
    (options) => {
      const valid = Either.getOrThrow(validateSiteFile(referenceSite(options), hmacPinHasher()));
      expect(valid.site.doors).toHaveLength(options.doors);
      expect(valid.policy.cardholders).toHaveLength(options.cardholders);
      expect(valid.warnings).toEqual([]);
      const cards = valid.policy.credentials.filter((c) => c.kind === "card");
      expect(cards.every((c) => (c.facilityCode !== undefined) === options.facilityCodes)).toBe(true);
    },
  );

  it("has departments with zones, PINs, long access and exemptions at scale", () => {
    const file = referenceSite({ doors: 200, cardholders: 2_000 });
    const policy = file.policy!;
    expect(policy.zones?.some((z) => z.antiPassback?.mode === "hard")).toBe(true);
    expect(policy.credentials?.some((c) => c.kind === "pin")).toBe(true);
    expect(policy.cardholders?.some((c) => c.longAccess)).toBe(true);
    expect(policy.cardholders?.some((c) => c.exemptFromAntiPassback)).toBe(true);
    expect(policy.groups?.map((g) => g.id)).toContain("security");
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const options = { doors: 30, cardholders: 100 };
    expect(referenceSite({ ...options, seed: 5 })).toEqual(referenceSite({ ...options, seed: 5 }));
    expect(referenceSite({ ...options, seed: 5 })).not.toEqual(referenceSite({ ...options, seed: 6 }));
  });
});
