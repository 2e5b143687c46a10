/** Generated sites are valid and generated traces run on them. */
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSite, validateSiteFile } from "@portcullis/engine";
import {
  hmacPinHasher,
  runTrace,
  simulateSite,
  siteFileArbitrary,
  traceArbitrary,
  VirtualClock,
} from "../src";

const hasher = hmacPinHasher();

describe("arbitraries", () => {
  it("every generated site validates", () => {
    fc.assert(
      fc.property(siteFileArbitrary(), (file) => {
        const site = createSite(file, { clock: new VirtualClock(0), hasher });
        if (Either.isLeft(site)) throw new Error(JSON.stringify(site.left.issues));
        site.right.stop();
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it("every generated trace runs without throwing, and the same trace gives the same events", () => {
    const siteAndTrace = siteFileArbitrary().chain((file) =>
      traceArbitrary(file).map((trace) => ({ file, trace })),
    );
    const seen = new Set<string>();
    fc.assert(
      fc.property(siteAndTrace, ({ file, trace }) => {
        const events = runTrace(simulateSite(file), trace);
        expect(runTrace(simulateSite(file), trace)).toEqual(events);
        for (const e of events) seen.add(e.type === "AccessDenied" ? `${e.type}:${e.reason}` : e.type);
      }),
      { numRuns: 50 },
    );
    // The traces reach the interesting paths, not only unknown cards.
    for (const type of ["AccessGranted", "AccessTaken", "AccessDenied:CredentialNotFound", "ManualAction"])
      expect(seen).toContain(type);
  }, 30_000);

  it("generated sites use what they declare: rules, zones with anti-passback, PINs and facility codes all occur", () => {
    const files = fc.sample(siteFileArbitrary(), { numRuns: 200, seed: 7 });
    const valid = files.map((f) => Either.getOrThrow(validateSiteFile(f, hasher)));
    expect(
      valid.some((v) => v.policy.zones.some((z) => z.antiPassback !== undefined && z.doors.length > 0)),
    ).toBe(true);
    expect(
      valid.some((v) => v.policy.credentials.some((c) => c.kind === "pin" && c.duressTag !== undefined)),
    ).toBe(true);
    expect(valid.some((v) => v.policy.facilityCodes)).toBe(true);
    expect(valid.some((v) => v.policy.doorPolicies.some((d) => d.twoPerson !== undefined))).toBe(true);
  }, 30_000);
});
