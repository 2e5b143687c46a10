/** A Modbus I/O module for tests: `modbus-serial`'s own TCP and RTU servers over a coil, input and register table. */
import { createServer } from "node:net";
import { ServerSerial, ServerTCP, type IServiceVector } from "modbus-serial";

/** What the module did, in order: coil writes and input reads. */
export type ModuleOp =
  { readonly op: "coil"; readonly address: number; readonly value: boolean } | { readonly op: "read" };

/** The module's tables and what it saw. Addresses are 0-based, as on the wire. */
export class ModbusModule {
  readonly coils: boolean[] = Array.from({ length: 16 }, () => false);
  readonly discreteInputs: boolean[] = Array.from({ length: 16 }, () => false);
  readonly inputRegisters: number[] = Array.from({ length: 16 }, () => 0);
  readonly ops: ModuleOp[] = [];
  /** While set, coil writes are refused with exception 04 (server device failure). */
  refuseCoils = false;
  /** Called as a coil is written, before the reply goes out (the bench times relay commands by it). */
  onCoil: ((address: number, value: boolean) => void) | undefined;
  private readonly pulses = new Map<number, boolean[]>();
  private readonly listeners = new Set<() => void>();

  /** The next reads of discrete input `address` return `values` in order, then its table value again. */
  pulse(address: number, values: ReadonlyArray<boolean>): void {
    this.pulses.set(address, [...values]);
  }

  /** Calls `listener` after every request the module handles; returns the unsubscribe. */
  onRequest(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The service vector `modbus-serial`'s servers call. */
  readonly vector: IServiceVector = {
    getCoil: (address: number) => this.coils[address] ?? false,
    getDiscreteInput: (address: number) => {
      if (address === 0) this.handled({ op: "read" });
      const pulse = this.pulses.get(address);
      const value = pulse?.shift();
      if (pulse?.length === 0) this.pulses.delete(address);
      return value ?? this.discreteInputs[address] ?? false;
    },
    getInputRegister: (address: number) => this.inputRegisters[address] ?? 0,
    setCoil: (address: number, value: boolean) => {
      if (this.refuseCoils) throw new Error("refused");
      this.coils[address] = value;
      this.onCoil?.(address, value);
      this.handled({ op: "coil", address, value });
    },
  };

  private handled(op: ModuleOp): void {
    this.ops.push(op);
    // After the reply is computed: a listener sees the state the client is about to see.
    setImmediate(() => this.listeners.forEach((l) => l()));
  }
}

/** A free TCP port on 127.0.0.1 (the module is stopped and started again on the same one). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });

/** A running server; `close` drops its connections, as a module losing power does. */
export interface RunningServer {
  close(): Promise<void>;
}

/** Serves `module` over Modbus TCP on 127.0.0.1:`port`. */
export const serveTcp = (module: ModbusModule, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = new ServerTCP(module.vector, { host: "127.0.0.1", port, unitID: 1 });
    server.on("serverError", reject);
    server.on("initialized", () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });

/** Serves `module` over Modbus RTU on the serial port `path` (one end of a PTY pair), as unit 1. */
export const serveRtu = (module: ModbusModule, path: string, baudRate: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = new ServerSerial(module.vector, {
      path,
      baudRate,
      unitID: 1,
      // A request ends at a few ms of silence (the library's default of 30 ms would slow every poll).
      interval: 5,
      openCallback: (error: Error | null | undefined) => (error ? reject(error) : undefined),
    } as ConstructorParameters<typeof ServerSerial>[1]);
    server.on("initialized", () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
