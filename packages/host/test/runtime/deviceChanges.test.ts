/** A running site's OSDP lines follow the doors' readers as an admin changes them. */
import { Either } from "effect";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "./tempDir";

let running: RunningSite;

beforeAll(async () => {
  running = await startRunningSite({
    demo: true,
    site: { file: demoSiteFile(), source: "demo" },
    dataDir: tempDir("device-changes"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("device-changes-console"),
    logger: silentLogger,
    environment: {},
  });
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

it("drops a reader from its line when its door loses it, and leaves the other door alone", () => {
  const { site } = running.host;
  const main = site.config.doors.find((d) => d.id === "main");
  if (main?.type !== "standard") throw new Error("the demo's main door is a standard door");
  expect(running.devices.readerStatus("main-out")).toBeDefined();
  const changed = { ...main, sides: { ...main.sides, B: { ...main.sides.B, readers: [] } } };
  expect(Either.isRight(site.configure({ op: "put", entity: "door", value: changed }, "admin"))).toBe(true);
  expect(running.devices.readerStatus("main-out")).toBeUndefined();
  expect(running.devices.readerStatus("main-in")).toBeDefined();
});
