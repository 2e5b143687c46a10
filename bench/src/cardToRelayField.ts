/**
 * The field side of `card_to_relay`, in a process of its own as real devices are: the PD end of the PTY pair on a
 * paced RS-485 line, three readers and an I/O module on it, all on a {@link PreciseClock} so the line takes the time
 * a real one does. The bench's process (the host) tells it which door to swipe; it answers with the time from the
 * swipe to the OUT switching that door's output on, written on the line and received by the module.
 */
import { CommandCode, decodeCommand, makeFramer } from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd } from "@portcullis/testkit";
import { Either } from "effect";
import { ALICE_CARD, cardBits } from "../../packages/host/test/devices/fixtures";
import type { FieldReply, FieldRequest, FieldSetup } from "./cardToRelayMessages";
import { PreciseClock } from "./preciseClock";
import { openPtyEnd } from "./ptyEnd";

const OUTPUT_ON = 2;

/** Reads a stream of frames; for each chunk, the outputs an OUT to the module in it switches on. */
const outputsSwitchedOn = (moduleAddress: number) => {
  const framer = makeFramer();
  return (chunk: Uint8Array): number[] =>
    framer.push(chunk).flatMap((out) => {
      if (Either.isLeft(out) || out.right.reply) return [];
      if (out.right.addr !== moduleAddress || out.right.code !== CommandCode.OUT) return [];
      const command = decodeCommand(out.right.code, out.right.data);
      if (Either.isLeft(command) || command.right.kind !== "OUT") return [];
      return command.right.records.filter((r) => r.control === OUTPUT_ON).map((r) => r.output);
    });
};

const send = (reply: FieldReply): void => void process.send!(reply);

const run = (setup: FieldSetup): void => {
  const clock = new PreciseClock();
  const line = openPtyEnd(setup.path);
  const bus = new Rs485Bus(clock, setup.baudRate);
  const bridge = bus.attach();
  line.onData((chunk) => bridge.write(chunk));
  bridge.onData((chunk) => line.write(chunk));
  const readers = setup.readers.map(
    (address) =>
      new SimulatedPd({ clock, transport: bus.attach(), address, turnaroundMs: setup.turnaroundMs }),
  );
  const module = new SimulatedPd({
    clock,
    transport: bus.attach(),
    address: setup.moduleAddress,
    secureChannel: false,
    outputCount: 2,
    turnaroundMs: setup.turnaroundMs,
  });
  // The swipe waiting for its OUT: the output it opens, when it was swiped, when the OUT was written on the line, and
  // its time-out.
  let pending:
    { output: number; at: number; writtenAt?: number; timer: ReturnType<typeof setTimeout> } | undefined;
  // The OUT as the host wrote it onto the line (its bytes come off the PTY: the wire's first byte) …
  const written = outputsSwitchedOn(setup.moduleAddress);
  line.onData((chunk) => {
    const at = clock.now();
    if (pending !== undefined && pending.writtenAt === undefined && written(chunk).includes(pending.output))
      pending.writtenAt = at;
  });
  // … and as the module received it, its last byte off the wire.
  const received = outputsSwitchedOn(setup.moduleAddress);
  bus.attach().onData((chunk) => {
    const at = clock.now();
    const swipe = pending;
    if (swipe?.writtenAt === undefined || !received(chunk).includes(swipe.output)) return;
    clearTimeout(swipe.timer);
    pending = undefined;
    send({ kind: "swiped", writtenMs: swipe.writtenAt - swipe.at, receivedMs: at - swipe.at });
  });
  const bits = cardBits(ALICE_CARD);

  process.on("message", (request: FieldRequest) => {
    switch (request.kind) {
      case "moduleAsked":
        send({ kind: "moduleAsked", asked: module.countReceived("ISTAT") > 0 });
        return;
      case "swipe": {
        const timer = setTimeout(() => {
          pending = undefined;
          send({ kind: "timedOut" });
        }, setup.swipeTimeoutMs);
        pending = { output: request.door, at: clock.now(), timer };
        readers[request.door]!.swipe(bits);
        return;
      }
      case "revisits": {
        // The revisit periods the line achieved: how often each PD was polled, by its own received stamps.
        const revisits = [...readers, module].flatMap((pd) => {
          const polls = pd.received.filter((r) => r.kind === "POLL" && r.at >= request.from).map((r) => r.at);
          return polls.slice(1).map((at, k) => at - polls[k]!);
        });
        send({ kind: "revisits", revisits });
        return;
      }
      case "stop":
        line.close();
        process.exit(0);
        return;
    }
  });
  send({ kind: "ready" });
};

process.once("message", run);
