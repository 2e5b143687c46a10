/** The composition root on virtual time: lock commands before start, the relay routing, shutdown, unbound controllers. */
import { createSite } from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { expect, it } from "vitest";
import type { Logger } from "../../src/runtime/logger";
import { SiteIo } from "../../src/runtime/SiteIo";
import { modbusSiteFile } from "./modbusSite";

const siteFile = {
  ...modbusSiteFile,
  controllers: [
    ...modbusSiteFile.controllers,
    { id: "c2", name: "Unbound", relays: ["r1"], inputs: ["in1"] },
  ],
  doors: [
    { ...modbusSiteFile.doors[0]!, unlockSchedule: "always" },
    { id: "side", name: "Side door", controllerId: "c2", primaryLock: "r1", sides: { A: {}, B: {} } },
  ],
  schedules: [
    {
      id: "always",
      name: "Always",
      vevents: [
        "BEGIN:VEVENT\r\nDTSTART:19700105T000000\r\nDTEND:19700106T000000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT",
      ],
    },
  ],
};

it("routes lock commands to the simulated relays, from the ones given before start to the shutdown", async () => {
  const clock = new VirtualClock();
  const warnings: string[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (msg, f) => warnings.push(`${msg} ${f?.["controllerId"]}`),
    error: () => {},
  };
  const io = new SiteIo({ clock, logger });
  const site = Either.getOrThrow(
    createSite(siteFile, { clock, hasher: hmacPinHasher(), relays: io.relays }),
  ).start();
  // The front door's schedule unlocked it at start, before any backend existed.
  expect(site.door("front")?.mode).toBe("Unlocked");
  io.plan(site, {
    lines: [],
    io: [{ controllerId: "c1", backend: { kind: "simulated" }, relays: {}, inputs: {} }],
  });
  io.start(site, { module: () => undefined });
  const c1 = io.simulated("c1")!;
  expect(c1.relay("r1")).toBe(true);
  // r2 drives no lock here: released.
  expect(c1.relay("r2")).toBe(false);
  expect(warnings).toEqual(["no I/O backend: this door's locks are not driven and its inputs not read c2"]);
  site.manual("front", "lock", "test");
  expect(c1.relay("r1")).toBe(false);
  site.manual("front", "reset", "test");
  expect(c1.relay("r1")).toBe(true);
  // At rest the front door's contact is closed (it opens on an open circuit): the door reads Closed.
  clock.advance(100);
  expect(site.door("front")?.position).toBe("Closed");
  await io.stop(site);
  expect(c1.relay("r1")).toBe(false);
  site.stop();
});
