/**
 * The demo's hardware: every OSDP line an in-memory RS-485 bus at 115 200 baud with simulated PDs on
 * it (the Secure Channel readers preloaded with their derived keys, as after installation), every
 * controller's I/O simulated, and the `sim.*` controls that swipe cards, type PINs, open doors and press
 * REX buttons on them.
 */
import { Either } from "effect";
import type { EngineClock, Side, Site, SiteConfig } from "@portcullis/engine";
import {
  compileCardFormat,
  deriveScbk,
  encodeCardFrame,
  predefinedCardFormat,
  type Crypto,
  type OsdpTransport,
} from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd } from "@portcullis/testkit";
import type { DeviceConfig, OsdpLineConfig } from "../devices";
import { FeedError, type SimCard, type SimControls } from "../feed";
import type { SiteIo } from "../runtime/SiteIo";
import { DemoDoors } from "./DemoDoors";
import { DEMO_FACILITY } from "./demoSite";

const BAUD = 115_200;

/** One demo line per controller, with every reader port of its OSDP readers; every controller's I/O simulated. */
export const demoDeviceConfig = (site: SiteConfig): DeviceConfig => {
  const ports = new Map<string, Array<{ controllerId: string; port: string }>>();
  for (const door of site.doors) {
    if (door.type === "monitoring") continue;
    for (const side of ["A", "B"] as const)
      for (const reader of door.sides[side].readers)
        if (reader.type === "osdp" && reader.port !== undefined)
          ports.set(door.controllerId, [
            ...(ports.get(door.controllerId) ?? []),
            { controllerId: door.controllerId, port: reader.port },
          ]);
  }
  return {
    lines: [...ports].map(([controllerId, list]) => ({
      path: `demo:${controllerId}`,
      baudRate: BAUD,
      ports: list,
    })),
    io: site.controllers.map((c) => ({
      controllerId: c.id,
      backend: { kind: "simulated" } as const,
      relays: {},
      inputs: {},
    })),
  };
};

const h10301 = compileCardFormat(predefinedCardFormat("H10301")!);

/** Simulated PDs on in-memory lines, and the controls the demo's `sim.*` commands use. */
export class DemoHardware {
  private readonly pds = new Map<string, SimulatedPd>();
  private doors: DemoDoors | undefined;

  constructor(
    private readonly site: SiteConfig,
    private readonly clock: EngineClock,
    private readonly crypto: Crypto,
    private readonly mainKey: Uint8Array,
  ) {}

  /** The transport of one line: a bus with the CP's endpoint returned and a PD per reader attached. */
  readonly transport = (line: OsdpLineConfig): OsdpTransport => {
    const bus = new Rs485Bus(this.clock, line.baudRate);
    const cp = bus.attach();
    for (const { controllerId, port } of line.ports) {
      for (const door of this.site.doors) {
        if (door.type === "monitoring" || door.controllerId !== controllerId) continue;
        for (const side of ["A", "B"] as const)
          for (const reader of door.sides[side].readers) {
            if (reader.port !== port || reader.osdp === undefined) continue;
            this.pds.set(
              reader.id,
              new SimulatedPd({
                clock: this.clock,
                transport: bus.attach(),
                address: reader.osdp.address,
                crypto: this.crypto,
                scbk: reader.osdp.secureChannel ? deriveScbk(this.crypto, this.mainKey, reader.id) : null,
              }),
            );
          }
      }
    }
    return cp;
  };

  /** `sim.*` on this hardware: cards and keys at the simulated PDs, doors and REX buttons on the simulated I/O. */
  controls(site: Site, io: SiteIo): SimControls {
    const pd = (readerId: string) => {
      const found = this.pds.get(readerId);
      return found === undefined
        ? Either.left(new FeedError({ code: "UnknownReader", message: `no simulated reader "${readerId}"` }))
        : Either.right(found);
    };
    const doors = new DemoDoors(site, io, this.clock);
    this.doors = doors;
    return {
      swipe: (readerId, card: SimCard) =>
        Either.flatMap(pd(readerId), (reader) => Either.map(this.bits(card), (bits) => reader.swipe(bits))),
      pin: (readerId, keys) => Either.map(pd(readerId), (reader) => reader.keypad(keys)),
      door: (doorId, open) => doors.setOpen(doorId, open),
      rex: (doorId, side: Side) => doors.pressRex(doorId, side),
    };
  }

  /** Stops the simulated people. */
  stop(): void {
    this.doors?.stop();
  }

  /** A card number becomes an H10301 frame with the demo's facility code. */
  private bits(card: SimCard): Either.Either<string, FeedError> {
    if ("bits" in card) return Either.right(card.bits);
    return Either.mapLeft(
      encodeCardFrame(h10301, { card: card.number, facility: BigInt(DEMO_FACILITY) }),
      (e) => new FeedError({ code: "BadCommand", message: e.message }),
    );
  }
}
