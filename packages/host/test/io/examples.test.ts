/** Every example site file under `examples/` is a valid site whose devices fit it, as `portcullis start` checks. */
import { readdirSync, readFileSync } from "node:fs";
import { validateSiteFile } from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher } from "@portcullis/testkit";
import { Either } from "effect";
import { expect, it } from "vitest";
import { decodeDeviceConfig } from "../../src/devices";
import { planIo } from "../../src/io";

const dir = new URL("../../../../examples/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

it("has the examples the README shows", () => {
  expect(files).toEqual(
    expect.arrayContaining([
      "modbus-tcp-site.json",
      "modbus-rtu-site.json",
      "osdp-io-site.json",
      "simulated-site.json",
    ]),
  );
});

it.each(files)("%s validates, and its devices fit the site", (file) => {
  const { devices, ...site } = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Record<
    string,
    unknown
  >;
  const valid = validateSiteFile(site, hmacPinHasher(), siteCardFormatSupport);
  expect(Either.isRight(valid) ? "ok" : valid.left.message).toBe("ok");
  const config = Either.getOrThrow(decodeDeviceConfig(devices));
  const plan = planIo(
    Either.getOrThrow(valid).site,
    config.io ?? [],
    config.lines.map((l) => l.path),
  );
  expect(Either.isRight(plan) ? "ok" : `${plan.left.field}: ${plan.left.message}`).toBe("ok");
  expect(plan.pipe(Either.getOrThrow).length).toBe(1);
});
