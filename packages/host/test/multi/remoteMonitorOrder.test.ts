/**
 * The main's view of a sub's doors when its answer to "all your doors" races the sub's publications: of two
 * snapshots of a door, the one as of the later journal `seq` stays, and of two as of the same `seq` the later come.
 * The NATS connection is a stand-in here: the order of arrival is what the test sets, which a real server cannot be
 * made to interleave on demand (the live path is `liveMonitoring.test.ts`).
 */
import type { DoorSnapshot } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import type { Msg } from "nats";
import { BehaviorSubject } from "rxjs";
import { expect, it } from "vitest";
import { allMonitor, type MultiState, monitorSubject, RemoteMonitor, type SubServer } from "../../src/multi";
import type { NatsLink } from "../../src/multi/NatsLink";
import type { SubStatus } from "../../src/multi/SubStatus";
import { silentLogger } from "../../src/runtime/logger";

type Callback = (error: Error | null, msg: Msg) => void;

const sub: SubServer = {
  serverId: "s1",
  name: "Warehouse",
  host: "127.0.0.1",
  port: 4222,
  natsUser: "sub-s1",
  natsPassword: "secret",
  addedAt: 0,
};

const door = (mode: string) => ({ id: "d1", name: "Dock door", mode }) as unknown as DoorSnapshot;

const turns = () => new Promise((resolve) => setImmediate(resolve));

it("keeps a door change published while the sub's answer with all its doors was on its way", async () => {
  const callbacks = new Map<string, Callback>();
  const connection = {
    subscribe: (subject: string, options: { callback: Callback }) => {
      callbacks.set(subject, options.callback);
      return { unsubscribe: () => callbacks.delete(subject) };
    },
  };
  const link = { connection$: new BehaviorSubject(connection) } as unknown as NatsLink;
  const state = { subs: async () => [sub] } as unknown as MultiState;
  const status = { of: () => ({ status: "Connected", cursor: 0 }) } as unknown as SubStatus;
  const answers: Array<(answer: { seq: number; doors: DoorSnapshot[] }) => void> = [];
  const monitor = new RemoteMonitor(
    link,
    state,
    status,
    () => new Promise((resolve) => answers.push(resolve)),
    new VirtualClock(),
    silentLogger,
  );
  const published = (seq: number, mode: string) =>
    callbacks.get(allMonitor("door"))!(null, {
      subject: monitorSubject(sub.serverId, "door"),
      json: () => ({ seq, door: door(mode) }),
    } as unknown as Msg);
  const shown = () =>
    monitor
      .current()
      .flatMap((u) => (u.type === "remoteDoor" ? [(u.door as unknown as { mode: string }).mode] : []));

  await turns();
  expect(answers).toHaveLength(1);
  // The door was unlocked at seq 10; the answer, read as of seq 9, comes after it.
  published(10, "Unlocked");
  answers[0]!({ seq: 9, doors: [door("Locked")] });
  await turns();
  expect(shown()).toEqual(["Unlocked"]);
  // As of the same seq, the later arrival is the newer (one connection keeps a sub's messages in order).
  published(10, "Locked");
  expect(shown()).toEqual(["Locked"]);
  // An older publication that arrives late changes nothing either.
  published(8, "Unlocked");
  expect(shown()).toEqual(["Locked"]);
  monitor.stop();
});
