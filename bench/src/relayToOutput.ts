/** Relay to output: a relay command to the Modbus backend → the coil written at a Modbus TCP module on 127.0.0.1. */
import { systemClock } from "@portcullis/engine";
// The bench reaches the host's source (and its test module) directly, as the card-to-relay scenario does.
import { ModbusIo, type ModbusIoPlan } from "../../packages/host/src/io";
import { silentLogger } from "../../packages/host/src/runtime/logger";
import { freePort, ModbusModule, serveTcp } from "../../packages/host/test/io/modbusModule";
import type { BenchResult } from "./measure";

const COMMANDS = 300;
/** The backend's default input poll period: a command often finds a poll in flight and waits for its reply. */
const POLL_MS = 20;
/** A command waits this long for its coil before the bench gives up. */
const COMMAND_TIMEOUT_MS = 2_000;

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** `host.relay_to_output_ms` (median) and `host.relay_to_output_p99_ms`, polling inputs meanwhile. */
export const relayToOutputBench = async (commands = COMMANDS): Promise<BenchResult[]> => {
  const module = new ModbusModule();
  const port = await freePort();
  const server = await serveTcp(module, port);
  const plan: ModbusIoPlan = {
    controllerId: "c1",
    backend: { kind: "modbus-tcp", host: "127.0.0.1", port, unitId: 1, timeoutMs: 500, pollMs: POLL_MS },
    relays: [{ port: "r1", coil: 0, energisedWhenLocked: false }],
    inputs: [
      { port: "in1", kind: "contact", discreteInput: 0 },
      { port: "in2", kind: "contact", discreteInput: 1 },
    ],
  };
  const io = new ModbusIo({ plan, initial: new Map(), clock: systemClock, logger: silentLogger });
  const online = new Promise<void>((resolve) =>
    io.start({ online: (up) => up && resolve(), contact: () => {}, loop: () => {} }),
  );
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const written = (value: boolean): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("relay_to_output: no coil write")), COMMAND_TIMEOUT_MS);
      module.onCoil = (_, v) => {
        if (v !== value) return;
        clearTimeout(timer);
        module.onCoil = undefined;
        resolve(performance.now());
      };
    });
  try {
    await online;
    const latencies: number[] = [];
    for (let i = 0; i < commands; i++) {
      // A random phase against the poll cycle, so the commands sample every wait behind a poll.
      await pause(Math.random() * POLL_MS);
      const energised = i % 2 === 0;
      const done = written(energised);
      const commandedAt = performance.now();
      io.setRelay("r1", energised);
      latencies.push((await done) - commandedAt);
    }
    latencies.sort((a, b) => a - b);
    return [
      { name: "host.relay_to_output_ms", value: round2(percentile(latencies, 50)), unit: "ms", n: commands },
      {
        name: "host.relay_to_output_p99_ms",
        value: round2(percentile(latencies, 99)),
        unit: "ms",
        n: commands,
      },
    ];
  } finally {
    await io.stop();
    await server.close();
  }
};
