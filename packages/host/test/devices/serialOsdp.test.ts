import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "@portcullis/engine";
import { deriveScbk, LedColor, nodeCrypto } from "@portcullis/protocols";
import { SimulatedPd } from "@portcullis/testkit";
import { Effect, Either, Exit } from "effect";
import { merge } from "rxjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { acquireSerialLine, type DeviceEvent, SerialLine, type SerialLineStatus } from "../../src/devices";
import { ALICE_CARD, cardBits, MAIN_KEY, oneLine, osdpSite, validSite } from "./fixtures";
import { onEmit, type PtyPair, startPtyPair, until } from "./socat";

// Real serial over a socat PTY pair, so real time (systemClock); every wait is for an event, bounded by a timeout.
let dir: string;
const pairs: PtyPair[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "portcullis-serial-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const pair of pairs.splice(0)) await pair.kill();
  await rm(dir, { recursive: true, force: true });
});

const ptyPair = async (name: string) => {
  const sub = join(dir, name);
  await mkdir(sub);
  const pair = await startPtyPair(sub);
  pairs.push(pair);
  return pair;
};

const openLine = async (path: string) => {
  const line = await SerialLine.open({ path, baudRate: 115_200, reconnectMinMs: 50 });
  cleanups.push(() => line.close());
  return line;
};

// A site with one door whose reader "r0" is OSDP address 5 on the CP end of `pair`, and the simulated PD on the other.
const serialSite = async (
  pair: PtyPair,
  secureChannel: boolean,
  pdOptions: { scbk?: Uint8Array | null; installMode?: boolean },
) => {
  const cpLine = await openLine(pair.cp);
  const pdLine = await openLine(pair.pd);
  const pd = new SimulatedPd({ clock: systemClock, transport: pdLine, address: 5, ...pdOptions });
  const file = validSite([{ id: "r0", address: 5 }], undefined, secureChannel);
  const { devices, site, relays } = osdpSite(file, {
    devices: oneLine(1, pair.cp),
    clock: systemClock,
    transport: () => cpLine,
  });
  const events: DeviceEvent[] = [];
  devices.events$.subscribe((e) => events.push(e));
  devices.start((input) => site.push(input));
  cleanups.push(() => {
    devices.stop();
    site.stop();
  });
  // Signals after the PD has handled each chunk it received (its listener was registered first).
  const onPdData = (signal: () => void) => pdLine.onData(signal);
  const online = () =>
    until(
      () =>
        `the reader online: ${JSON.stringify({ events, received: pd.received.map((r) => `${r.kind}/${r.sqn}`) })}`,
      () => site.reader("r0")?.online === true && devices.readerStatus("r0") === "online",
      onPdData,
    );
  return { cpLine, pdLine, pd, site, devices, relays, events, onPdData, online };
};

// The end-to-end path: swipe at the PD → CP → engine grant → lock relay → LED command back to the PD.
const swipeAndSeeGreen = async (h: Awaited<ReturnType<typeof serialSite>>) => {
  const unlocked = until(
    "the lock relay unlocked",
    () => h.relays.unlocks().length > 0,
    (s) => h.relays.onSet(s),
  );
  h.pd.swipe(cardBits(ALICE_CARD));
  await unlocked;
  expect(h.relays.unlocks().map((c) => c.relay)).toEqual(["c0:lock0"]);
  await until(
    "the reader's LED green",
    () => h.pd.indicators.ledColor(Date.now()) === LedColor.GREEN,
    h.onPdData,
  );
  expect(h.site.door("d0")?.status).toBe("online");
};

describe("OSDP over real serial ports (socat PTY pair)", () => {
  it("serial line: bytes both ways; a missing port is a typed open error, also as a scoped resource", async () => {
    const pair = await ptyPair("bytes");
    const a = await openLine(pair.cp);
    const b = await openLine(pair.pd);
    const received: number[] = [];
    const got = until(
      "three bytes",
      () => received.length === 3,
      (s) => b.onData((chunk) => (received.push(...chunk), s())),
    );
    a.write(Uint8Array.of(0x53, 0x01, 0xff));
    await got;
    expect(received).toEqual([0x53, 0x01, 0xff]);

    await expect(SerialLine.open({ path: join(dir, "absent"), baudRate: 9_600 })).rejects.toMatchObject({
      _tag: "SerialError",
      operation: "open",
    });
    const exit = await Effect.runPromiseExit(
      Effect.scoped(acquireSerialLine({ path: join(dir, "absent"), baudRate: 9_600 })),
    );
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag).toBe("SerialError");
  });

  it("serial line: writes larger than the PTY holds arrive whole and in order, each way", async () => {
    // Reads and writes are tried at once on the event loop; a full port leaves the rest to serialport's own path.
    const pair = await ptyPair("burst");
    const a = await openLine(pair.cp);
    const b = await openLine(pair.pd);
    const size = 256 * 1024;
    const pattern = (seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed) & 0xff);
    // One way at a time: serialport's poller watches only the latest of readable and writable, so a port both full
    // and waiting to read can stall until it drains; OSDP's half-duplex frames never fill a port.
    for (const [from, to, seed] of [[a, b, 1] as const, [b, a, 2] as const]) {
      const received: number[] = [];
      const all = until(
        () => `${size} bytes (${received.length} so far)`,
        () => received.length >= size,
        (signal) => to.onData((chunk) => (received.push(...chunk), signal())),
        20_000,
      );
      // In frames of 4 KiB, as fast as they can be written.
      for (let at = 0; at < size; at += 4096) from.write(pattern(seed).subarray(at, at + 4096));
      await all;
      expect(Uint8Array.from(received)).toEqual(pattern(seed));
    }
  });

  it("card read → grant → relay unlocked → LED green, in plaintext (site switch off)", async () => {
    const h = await serialSite(await ptyPair("plain"), false, {});
    await h.online();
    await swipeAndSeeGreen(h);
  });

  it("Secure Channel with the derived key: a fresh PD in install mode receives it by KEYSET, then the swipe works", async () => {
    const h = await serialSite(await ptyPair("sc"), true, { scbk: null, installMode: true });
    expect(Either.isRight(h.devices.setInstallMode("r0", 60_000))).toBe(true);
    await h.online();
    expect(h.pd.scbk()).toEqual(deriveScbk(nodeCrypto, MAIN_KEY, "r0"));
    expect(h.pd.secureChannelActive()).toBe(true);
    expect(h.events.filter((e) => e.type === "SecureChannel").map((e) => e.state)).toContain("active");
    expect(h.events.filter((e) => e.type === "InstallMode").map((e) => e.active)).toEqual([true, false]);
    await swipeAndSeeGreen(h);
  });

  it("the port disappears and comes back: the line reopens and polling resumes", async () => {
    const pair = await ptyPair("reconnect");
    const h = await serialSite(pair, false, {});
    await h.online();
    const statuses: SerialLineStatus["type"][] = [];
    h.cpLine.status$.subscribe((status) => statuses.push(status.type));
    const watch = onEmit(merge(h.cpLine.status$, h.pdLine.status$));
    const lost = until("the port lost", () => statuses.includes("lost"), watch);
    await pair.kill();
    await lost;
    expect(h.cpLine.isOpen()).toBe(false);
    const again = await startPtyPair(join(dir, "reconnect"));
    pairs.push(again);
    await until("the port reopened", () => h.cpLine.isOpen() && h.pdLine.isOpen(), watch);
    const polls = h.pd.countReceived("POLL");
    await until("polls again", () => h.pd.countReceived("POLL") > polls, h.onPdData);
  });
});
