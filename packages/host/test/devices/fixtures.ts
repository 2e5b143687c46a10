/** A small site of doors with one OSDP reader each on one RS-485 line, for the device layer's tests and bench. */
import { type EngineClock, type RelayDriver, Site, validateSiteFile } from "@portcullis/engine";
import {
  compileCardFormat,
  encodeCardFrame,
  nodeCrypto,
  type OsdpTransport,
  predefinedCardFormat,
  siteCardFormatSupport,
} from "@portcullis/protocols";
import { hmacPinHasher, WEEKDAYS, weeklyVevent } from "@portcullis/testkit";
import { Either } from "effect";
import { type DeviceConfig, type OsdpLineConfig, OsdpDevices } from "../../src/devices";

/** A site main key (32 bytes) the readers' SCBKs derive from. */
export const MAIN_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 ^ i);

/** The card number Alice's badge carries. */
export const ALICE_CARD = 1001n;

/** H10301 bits (facility 0) of a card number, in transmission order. */
export const cardBits = (card: bigint): string =>
  Either.getOrThrow(encodeCardFrame(compileCardFormat(predefinedCardFormat("H10301")!), { card }));

/** One door's reader. */
export interface FixtureReader {
  readonly id: string;
  readonly address: number;
  readonly secureChannel?: boolean;
}

// A controller takes two doors and two wired readers: door i sits on controller c⌊i/2⌋, port i mod 2.
const controllerOf = (i: number) => `c${Math.floor(i / 2)}`;
const portOf = (i: number) => `rp${i % 2}`;

/** A site file: door `d<i>` (lock relay `lock<i mod 2>`) per reader, Alice allowed through every door at any time. */
export const siteFile = (readers: ReadonlyArray<FixtureReader>, accessTimeS = 7, secureChannel = true) => ({
  name: "Devices test",
  secureChannel: { enabled: secureChannel },
  controllers: Array.from({ length: Math.ceil(readers.length / 2) }, (_, c) => ({
    id: `c${c}`,
    name: `Controller ${c}`,
    relays: ["lock0", "lock1"],
    readerPorts: ["rp0", "rp1"],
  })),
  schedules: [{ id: "always", name: "Always", vevents: [weeklyVevent(WEEKDAYS, 0, 1440)] }],
  doors: readers.map((r, i) => ({
    id: `d${i}`,
    name: `Door ${i}`,
    controllerId: controllerOf(i),
    primaryLock: `lock${i % 2}`,
    timing: { accessTimeS },
    sides: {
      A: {
        readers: [
          {
            id: r.id,
            type: "osdp",
            port: portOf(i),
            osdp: { address: r.address, secureChannel: r.secureChannel ?? true },
          },
        ],
      },
      B: { readers: [] },
    },
  })),
  policy: {
    cardholders: [{ id: "alice", firstName: "Alice", lastName: "Andersson" }],
    credentials: [
      { id: "alice-card", cardholderId: "alice", name: "Badge", kind: "card", number: String(ALICE_CARD) },
    ],
    rules: [
      {
        id: "alice-everywhere",
        name: "Alice everywhere",
        cardholders: ["alice"],
        doors: readers.map((_, i) => `d${i}`),
        schedules: ["always"],
      },
    ],
  },
});

/** The validated site file for `readers`. */
export const validSite = (
  readers: ReadonlyArray<FixtureReader>,
  accessTimeS?: number,
  secureChannel?: boolean,
) => Either.getOrThrow(validateSiteFile(siteFile(readers, accessTimeS, secureChannel), hmacPinHasher()));

/** One line at `path` holding every reader port of the fixture site. */
export const oneLine = (
  readerCount: number,
  path: string,
  baudRate: 9_600 | 115_200 = 115_200,
): DeviceConfig => ({
  lines: [
    {
      path,
      baudRate,
      ports: Array.from({ length: readerCount }, (_, i) => ({
        controllerId: controllerOf(i),
        port: portOf(i),
      })),
    },
  ],
});

/** A relay driver that records every command and tells listeners. */
export class RecordingRelays implements RelayDriver {
  readonly calls: Array<{ relay: string; locked: boolean; at: number }> = [];
  private readonly listeners = new Set<(relay: string, locked: boolean) => void>();

  constructor(private readonly now: () => number) {}

  setRelay(relay: string, locked: boolean): void {
    this.calls.push({ relay, locked, at: this.now() });
    for (const listener of this.listeners) listener(relay, locked);
  }

  /** The unlock commands so far (doors lock at start). */
  unlocks(): Array<{ relay: string; locked: boolean; at: number }> {
    return this.calls.filter((c) => !c.locked);
  }

  /** Calls `listener` on every later command; returns the function that stops it. */
  onSet(listener: (relay: string, locked: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What {@link osdpSite} wires: the device layer (not started), the site (started) and its relays. */
export interface OsdpSite {
  readonly devices: OsdpDevices;
  readonly site: Site;
  readonly relays: RecordingRelays;
}

/** The device layer on its lines, wired to a site: card reads in, relays and reader feedback out. */
export const osdpSite = (
  file: ReturnType<typeof validSite>,
  options: {
    readonly devices: DeviceConfig;
    readonly clock: EngineClock;
    readonly transport: (line: OsdpLineConfig) => OsdpTransport;
  },
): OsdpSite => {
  const { clock } = options;
  const devices = Either.getOrThrow(
    OsdpDevices.make({
      site: file.site,
      devices: options.devices,
      secureChannel: { mainKey: MAIN_KEY, crypto: nodeCrypto },
      clock,
      transport: options.transport,
    }),
  );
  const relays = new RecordingRelays(() => clock.now());
  const site = new Site(file, {
    clock,
    hasher: hmacPinHasher(),
    relays,
    feedback: devices.feedback,
    cardFormats: siteCardFormatSupport,
  }).start();
  return { devices, site, relays };
};
