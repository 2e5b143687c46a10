/**
 * A controller's I/O on a Modbus module (TCP, or RTU on a serial port) through `modbus-serial`: coils for relays
 * written as soon as they change, discrete inputs (contacts) and input registers (supervised loops) polled.
 */
import type { EngineClock } from "@portcullis/engine";
// Loaded with the host, not on first use: `modbus-serial` requires `serialport` as CommonJS, and loading it
// after an OSDP line's port is open stopped that line's reads (seen in the start test's reader never coming up).
import ModbusRTU from "modbus-serial";
import type { Logger } from "../runtime/logger";
import type { DoorIo, DoorIoEvents } from "./DoorIo";
import type { ModbusRtuBackend, ModbusTcpBackend } from "./IoConfig";
import type { ControllerIoPlan } from "./ioPlan";

/** A Modbus controller's plan. */
export type ModbusIoPlan = ControllerIoPlan & { readonly backend: ModbusTcpBackend | ModbusRtuBackend };

/** What a Modbus backend runs on. */
export interface ModbusIoOptions {
  readonly plan: ModbusIoPlan;
  /** The wanted state of each relay port at start (energised or not); absent ports start released. */
  readonly initial: ReadonlyMap<string, boolean>;
  /** Timers (reply, poll, reconnect) run on it. */
  readonly clock: EngineClock;
  readonly logger: Logger;
  /** First reconnect attempt after a loss (default 250 ms), doubling to `reconnectMaxMs` (default 5 s). */
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
}

interface Relay {
  readonly port: string;
  readonly coil: number;
  wanted: boolean;
  /** What the module confirmed last; undefined after a (re)connect until asserted again. */
  written: boolean | undefined;
}

/** Inputs read by one request: `count` addresses from `start`, each member at its offset. */
interface Block {
  readonly start: number;
  readonly count: number;
  readonly members: ReadonlyArray<{ readonly port: string; readonly offset: number; readonly scale: number }>;
}

// Modbus limits per request (Modbus Application Protocol 1.1b3 §6.2, §6.4).
const MAX_DISCRETE_INPUTS = 2_000;
const MAX_REGISTERS = 125;

/** Groups addresses into as few requests as the per-request limit allows. */
const blocks = (
  wired: ReadonlyArray<{ port: string; address: number; scale: number }>,
  limit: number,
): Block[] => {
  const sorted = [...wired].sort((a, b) => a.address - b.address);
  const out: Array<{ start: number; count: number; members: Block["members"][number][] }> = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && w.address - last.start < limit) {
      last.count = w.address - last.start + 1;
      last.members.push({ port: w.port, offset: w.address - last.start, scale: w.scale });
    } else out.push({ start: w.address, count: 1, members: [{ port: w.port, offset: 0, scale: w.scale }] });
  }
  return out;
};

/** A failure as a log line reads it: `modbus-serial` rejects with plain objects (`{name, message, errno}`). */
const describe = (error: unknown): string => {
  if (typeof error !== "object" || error === null) return String(error);
  const { name, message } = error as { name?: unknown; message?: unknown };
  return message === undefined ? JSON.stringify(error) : `${String(name ?? "Error")}: ${String(message)}`;
};

/** The connection went away under a request; caught by the run loop, which reconnects. */
class Lost extends Error {}

/**
 * One Modbus module. A single request is outstanding at a time (RTU is half duplex, and a module's TCP stack may
 * take only one): relay writes go ahead of polls. Any failed request — a timeout, an exception reply, a closed
 * connection — takes the module offline; it is reopened with back-off, every relay is written again, and only
 * then is it online and are its inputs reported afresh.
 */
export class ModbusIo implements DoorIo {
  readonly controllerId: string;
  private readonly backend: ModbusTcpBackend | ModbusRtuBackend;
  private readonly relays: Relay[];
  private readonly relayByPort = new Map<string, Relay>();
  private readonly contactBlocks: ReadonlyArray<Block>;
  private readonly loopBlocks: ReadonlyArray<Block>;
  private readonly contacts = new Map<string, boolean>();
  private readonly loops = new Map<string, number>();
  private events: DoorIoEvents | undefined;
  private client: ModbusRTU | undefined;
  private lost: Error | undefined;
  private online: boolean | undefined;
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: ModbusIoOptions) {
    const { plan } = options;
    this.controllerId = plan.controllerId;
    this.backend = plan.backend;
    this.relays = plan.relays.map((r) => ({
      port: r.port,
      coil: r.coil,
      wanted: options.initial.get(r.port) ?? false,
      written: undefined,
    }));
    for (const r of this.relays) this.relayByPort.set(r.port, r);
    const wired = (kind: "contact" | "loop") =>
      plan.inputs.flatMap((i) =>
        i.kind !== kind
          ? []
          : i.kind === "contact"
            ? [{ port: i.port, address: i.discreteInput, scale: 1 }]
            : [{ port: i.port, address: i.inputRegister, scale: i.ohmsPerCount }],
      );
    this.contactBlocks = blocks(wired("contact"), MAX_DISCRETE_INPUTS);
    this.loopBlocks = blocks(wired("loop"), MAX_REGISTERS);
  }

  start(events: DoorIoEvents): void {
    this.events = events;
    this.running ??= this.run();
  }

  setRelay(port: string, energised: boolean): void {
    const relay = this.relayByPort.get(port);
    if (relay === undefined || relay.wanted === energised) return;
    relay.wanted = energised;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const { reconnectMinMs = 250, reconnectMaxMs = 5_000 } = this.options;
    let backoff = reconnectMinMs;
    let healthy = false;
    while (!this.stopping) {
      try {
        await this.connect();
        // Fail secure: every relay as wanted (locks locked at start) before any input is taken.
        for (const relay of this.relays) relay.written = undefined;
        await this.writeRelays();
        this.contacts.clear();
        this.loops.clear();
        const first = await this.readInputs();
        this.setOnline(true);
        first();
        healthy = true;
        backoff = reconnectMinMs;
        await this.serve();
      } catch (error) {
        healthy = false;
        await this.disconnect();
        if (this.stopping) break;
        this.setOnline(false, error);
        await this.sleep(backoff, false);
        backoff = Math.min(backoff * 2, reconnectMaxMs);
      }
    }
    // Deliver what the host asked last (its locks locked) before letting go, if the module is there.
    if (healthy) await this.writeRelays().catch(() => {});
    await this.disconnect();
  }

  /** Online: relay changes at once, inputs every poll period, until stopped or lost. */
  private async serve(): Promise<void> {
    const { pollMs } = this.backend;
    let nextPoll = this.options.clock.now() + pollMs;
    while (!this.stopping) {
      await this.writeRelays();
      const now = this.options.clock.now();
      if (now < nextPoll) {
        await this.sleep(nextPoll - now, true);
        continue;
      }
      nextPoll = now + pollMs;
      (await this.readInputs())();
    }
  }

  private async connect(): Promise<void> {
    const client = new ModbusRTU();
    this.client = client;
    this.lost = undefined;
    const lose = (error: unknown) => {
      if (this.client !== client || this.lost !== undefined) return;
      this.lost = new Error(describe(error));
      this.wake?.();
    };
    client.on("error", lose);
    client.on("close", () => lose(new Error("connection closed")));
    const b = this.backend;
    const opened =
      b.kind === "modbus-tcp"
        ? client.connectTCP(b.host, { port: b.port })
        : client.connectRTUBuffered(b.path, {
            baudRate: b.baudRate,
            parity: b.parity,
            stopBits: b.stopBits,
            dataBits: 8,
          });
    await this.bounded(opened, `cannot open ${this.where()}`);
    // After connecting: set before, modbus-serial would also make it the TCP socket's idle timeout.
    client.setID(b.unitId);
    client.setTimeout(b.timeoutMs);
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await this.bounded(
      new Promise<void>((resolve) => {
        try {
          client.close(() => resolve());
        } catch {
          resolve();
        }
      }),
      "close",
    ).catch(() => {});
  }

  /** Writes every relay whose wanted state the module has not confirmed. */
  private async writeRelays(): Promise<void> {
    for (const relay of this.relays) {
      while (relay.written !== relay.wanted) {
        const energised = relay.wanted;
        try {
          await this.request((c) => c.writeCoil(relay.coil, energised));
        } catch (error) {
          this.options.logger.warn("relay command not delivered; retrying", {
            controllerId: this.controllerId,
            relay: relay.port,
            coil: relay.coil,
            energised,
            error: describe(error),
          });
          throw error;
        }
        relay.written = energised;
      }
    }
  }

  /** Reads every input; the returned function reports what changed (everything after a reconnect). */
  private async readInputs(): Promise<() => void> {
    const contacts: boolean[][] = [];
    for (const block of this.contactBlocks)
      contacts.push((await this.request((c) => c.readDiscreteInputs(block.start, block.count))).data);
    const loops: number[][] = [];
    for (const block of this.loopBlocks)
      loops.push((await this.request((c) => c.readInputRegisters(block.start, block.count))).data);
    return () => {
      const events = this.events;
      if (events === undefined) return;
      this.contactBlocks.forEach((block, b) => {
        for (const { port, offset } of block.members) {
          const closed = contacts[b]![offset] === true;
          if (this.contacts.get(port) === closed) continue;
          this.contacts.set(port, closed);
          events.contact(port, closed);
        }
      });
      this.loopBlocks.forEach((block, b) => {
        for (const { port, offset, scale } of block.members) {
          const ohms = (loops[b]![offset] ?? 0) * scale;
          if (this.loops.get(port) === ohms) continue;
          this.loops.set(port, ohms);
          events.loop(port, ohms);
        }
      });
    };
  }

  /** One request on the open client; a loss noticed meanwhile fails it. */
  private async request<A>(send: (client: ModbusRTU) => Promise<A>): Promise<A> {
    const client = this.client;
    if (this.lost !== undefined || client === undefined) throw new Lost(this.lost?.message ?? "not open");
    const result = await send(client);
    this.throwIfLost();
    return result;
  }

  /** `promise`, or a failure after the backend's timeout (a TCP connect to a silent host would wait minutes). */
  private bounded<A>(promise: Promise<A>, what: string): Promise<A> {
    const { clock } = this.options;
    return new Promise<A>((resolve, reject) => {
      const timer = clock.setTimeout(
        () => reject(new Error(`${what}: no answer in ${this.backend.timeoutMs} ms`)),
        this.backend.timeoutMs,
      );
      promise.then(
        (value) => {
          clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clock.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(describe(error)));
        },
      );
    });
  }

  /** Waits `ms`; a relay change (when `forRelays`), a loss or `stop` ends the wait early. */
  private sleep(ms: number, forRelays: boolean): Promise<void> {
    const { clock } = this.options;
    return new Promise<void>((resolve) => {
      const timer = clock.setTimeout(done, ms);
      const wake = () => {
        if (forRelays || this.stopping) done();
      };
      this.wake = wake;
      function done() {
        clock.clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = undefined;
      if (forRelays && !this.stopping) this.throwIfLost();
    });
  }

  private throwIfLost(): void {
    const lost = this.lost;
    if (lost !== undefined) throw new Lost(lost.message);
  }

  private setOnline(online: boolean, error?: unknown): void {
    if (this.online === online) return;
    const first = this.online === undefined;
    this.online = online;
    const fields = { controllerId: this.controllerId, module: this.where() };
    if (online) this.options.logger.info(first ? "I/O module online" : "I/O module back online", fields);
    else this.options.logger.warn("I/O module offline; reconnecting", { ...fields, error: describe(error) });
    this.events?.online(online);
  }

  private where(): string {
    const b = this.backend;
    return b.kind === "modbus-tcp" ? `modbus-tcp ${b.host}:${b.port}` : `modbus-rtu ${b.path}`;
  }
}
