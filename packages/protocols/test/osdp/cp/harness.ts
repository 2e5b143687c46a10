/** A CP line and simulated PDs on an in-memory RS-485 bus in virtual time, for the control panel's tests. */
import { Rs485Bus, SimulatedPd, type SimulatedPdOptions, VirtualClock } from "@portcullis/testkit";
import { type CpLine, type CpLineEvent, makeCpLine } from "../../../src/osdp";
import { seededCrypto } from "../vectors";

/** One reader: the CP's configuration and the simulated PD's options. */
export interface HarnessReader {
  readonly readerId: string;
  readonly address: number;
  readonly scbk?: Uint8Array | null;
  readonly pd?: Partial<Omit<SimulatedPdOptions, "clock" | "transport" | "address">>;
}

/** A started line with its PDs and the events it emitted. */
export interface Harness {
  readonly clock: VirtualClock;
  readonly bus: Rs485Bus;
  readonly line: CpLine;
  readonly pds: ReadonlyArray<SimulatedPd>;
  readonly events: Array<CpLineEvent>;
  /** Events of one type (and reader). */
  readonly of: <T extends CpLineEvent["type"]>(
    type: T,
    readerId?: string,
  ) => Array<Extract<CpLineEvent, { type: T }>>;
}

/** Builds and starts a line at `baudRate` (default 9600, OSDP's default) with one simulated PD per reader. */
export const startLine = (readers: ReadonlyArray<HarnessReader>, baudRate = 9600): Harness => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, baudRate);
  const line = makeCpLine({
    transport: bus.attach(),
    clock,
    crypto: seededCrypto(1),
    baudRate,
    readers: readers.map((r) => ({ readerId: r.readerId, address: r.address, scbk: r.scbk ?? null })),
  });
  const pds = readers.map(
    (r, i) =>
      new SimulatedPd({
        clock,
        transport: bus.attach(),
        address: r.address,
        crypto: seededCrypto(100 + i),
        ...r.pd,
      }),
  );
  const events: Array<CpLineEvent> = [];
  line.subscribe((e) => events.push(e));
  line.start();
  const of = <T extends CpLineEvent["type"]>(type: T, readerId?: string) =>
    events.filter(
      (e): e is Extract<CpLineEvent, { type: T }> =>
        e.type === type && (readerId === undefined || e.readerId === readerId),
    );
  return { clock, bus, line, pds, events, of };
};
