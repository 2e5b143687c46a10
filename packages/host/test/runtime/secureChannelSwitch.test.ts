/** The site file's Secure Channel switch (DESIGN §3): with it off, every OSDP reader runs in plaintext. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "./tempDir";

let running: RunningSite;

beforeAll(async () => {
  running = await startRunningSite({
    demo: true,
    site: { file: { ...demoSiteFile(), secureChannel: { enabled: false } }, source: "demo" },
    dataDir: tempDir("sc-switch"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("sc-switch-console"),
    logger: silentLogger,
    environment: {},
  });
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

it("site switch off: readers with their own switch on or off run in plaintext, and no door shows reader-error", async () => {
  const { site } = running.host;
  expect(site.config.secureChannel).toEqual({ enabled: false });
  const readers = site.config.doors.flatMap((d) =>
    d.type === "monitoring" ? [] : [...d.sides.A.readers, ...d.sides.B.readers],
  );
  // The demo has readers with Secure Channel on and off; with the site off, none is run under it.
  expect(new Set(readers.map((r) => r.osdp?.secureChannel))).toEqual(new Set([true, false]));
  const deadline = Date.now() + 20_000;
  while (readers.some((r) => running.devices.readerStatus(r.id) !== "online") && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(readers.map((r) => running.devices.readerStatus(r.id))).toEqual(readers.map(() => "online"));
  expect(site.allDoors().filter((d) => d.status !== "online")).toEqual([]);
});
