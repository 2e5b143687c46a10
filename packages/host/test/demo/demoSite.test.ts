/** The built-in demo site is a valid site file with what the issue asks of it. */
import { Either } from "effect";
import { expect, it } from "vitest";
import { validateSiteFile } from "@portcullis/engine";
import { hmacPinHasher } from "@portcullis/testkit";
import { demoSiteFile } from "../../src/demo/demoSite";

it("validates, with 6–10 doors including a monitoring door, two anti-passback zones sharing a door, 50 cardholders", () => {
  const file = Either.getOrThrow(validateSiteFile(demoSiteFile(), hmacPinHasher()));
  expect(file.site.doors.length).toBeGreaterThanOrEqual(6);
  expect(file.site.doors.length).toBeLessThanOrEqual(10);
  expect(file.site.doors.some((d) => d.type === "monitoring")).toBe(true);
  const zones = file.policy.zones.filter((z) => z.antiPassback);
  expect(zones).toHaveLength(2);
  const doorsOf = zones.map((z) => new Set(z.doors.map((d) => d.doorId)));
  expect([...doorsOf[0]!].some((d) => doorsOf[1]!.has(d))).toBe(true);
  expect(file.policy.cardholders).toHaveLength(50);
  expect(file.policy.credentials.filter((c) => c.kind === "pin")).toHaveLength(50);
});
