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

it("a Wiegand reader on a wired controller is offline, with a warning, at start and when a change adds one", async () => {
  const clock = new VirtualClock();
  const warnings: Array<{ msg: string; readerId: unknown }> = [];
  const logger: Logger = {
    info: () => {},
    warn: (msg, f) => warnings.push({ msg, readerId: f?.["readerId"] }),
    error: () => {},
  };
  const wiegand = (id: string, port: string) => ({ id, type: "wiegand", port, wiegand: {} });
  const file = {
    ...siteFile,
    controllers: siteFile.controllers.map((c) => ({ ...c, readerPorts: ["rp0", "rp1"] })),
    doors: siteFile.doors.map((d) => ({
      ...d,
      sides: { ...d.sides, A: { readers: [wiegand(`w-${d.id}`, "rp0")] } },
    })),
  };
  const io = new SiteIo({ clock, logger });
  const site = Either.getOrThrow(
    createSite(file, { clock, hasher: hmacPinHasher(), relays: io.relays }),
  ).start();
  // c1 simulated; c2's relay on an OSDP I/O module (one that never comes online here).
  io.plan(site, {
    lines: [{ path: "/dev/ttyTEST", baudRate: 115_200, ports: [] }],
    io: [
      { controllerId: "c1", backend: { kind: "simulated" }, relays: {}, inputs: {} },
      {
        controllerId: "c2",
        backend: { kind: "osdp", line: "/dev/ttyTEST", address: 1, secureChannel: false, retryMs: 250 },
        relays: { r1: 0 },
        inputs: {},
      },
    ],
  });
  io.start(site, { module: () => ({ send: () => false, subscribe: () => () => {} }) });
  const notRead = () =>
    warnings.filter((w) => w.msg.startsWith("Wiegand reader not read")).map((w) => w.readerId);
  // The simulated controller's reader gets the simulation's cards; the wired one's gets nothing.
  expect(site.reader("w-front")?.online).toBe(true);
  expect(site.reader("w-side")?.online).toBe(false);
  expect(notRead()).toEqual(["w-side"]);
  // A second reader on the wired controller's door, added at runtime: offline too, warned once.
  const side = site.config.doors.find((d) => d.id === "side")!;
  if (side.type === "monitoring") throw new Error("side is a standard door");
  const changed = site.configure(
    {
      op: "put",
      entity: "door",
      value: { ...side, sides: { ...side.sides, B: { readers: [wiegand("w-side-b", "rp1")] } } },
    },
    "test",
  );
  expect(Either.isRight(changed)).toBe(true);
  expect(site.reader("w-side-b")?.online).toBe(false);
  expect(notRead()).toEqual(["w-side", "w-side-b"]);
  await io.stop(site);
  site.stop();
});
