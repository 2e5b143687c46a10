/**
 * An acknowledged manual action survives `kill -9` (issue 10 §4): `portcullis start` is killed the
 * moment it answers ok, under a load of simulated door traffic, and the journal and the door facts
 * on disk must hold every acknowledged action and every event a client was sent.
 */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import type { JournalEvent } from "../../src/events";
import { Store } from "../../src/store";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { serving, startHost } from "./hostProcess";

/**
 * Manual actions in the order sent, from resets (a second round starts where the first was killed)
 * to a zone lockdown, answered, at which the host is killed.
 */
const ACTIONS: ReadonlyArray<{ readonly type: string; readonly target: string }> = [
  ...["main", "office", "lab", "storage", "server"].map((target) => ({ type: "door.reset", target })),
  { type: "door.lockdown", target: "main" },
  { type: "door.reset", target: "main" },
  { type: "zone.lockdown", target: "lab-wing" },
  { type: "zone.reset", target: "lab-wing" },
  { type: "door.unlock", target: "office" },
  { type: "door.lock", target: "storage" },
  { type: "door.lockdown", target: "server" },
  { type: "zone.lockdown", target: "building" },
];

const targetOf = (type: string, target: string) =>
  type.startsWith("zone.") ? { zoneId: target } : { doorId: target };

/**
 * Starts the demo on `data`, checks a previous run's operator token is refused, runs the actions
 * under load and kills the host at the last answer; returns what clients saw.
 */
const runAndKill = async (data: string, previousToken: string | undefined) => {
  const host = serving(await startHost(["--data", data, "--listen", "127.0.0.1:0"]));
  const token = host.operatorToken!;
  if (previousToken !== undefined) {
    // The demo's operator token was valid until shutdown: the crash did not keep it alive.
    const stale = await connect(host.wsUrl);
    expect(await stale.hello(previousToken)).toMatchObject({
      type: "error",
      error: { code: "Unauthorized" },
    });
    stale.close();
  }
  const watcher = await connect(host.wsUrl);
  await watcher.hello(token);
  watcher.send({ type: "subscribe", topics: ["events"] });
  const load = await connect(host.wsUrl);
  await load.hello(token);
  let open = false;
  const traffic = setInterval(() => {
    open = !open;
    for (const doorId of ["fire-exit", "garage", "dock"])
      load.send({ type: "command", id: "load", command: { type: "sim.door", doorId, open } });
    load.send({
      type: "command",
      id: "load",
      command: { type: "sim.swipe", readerId: "main-in", number: "10007" },
    });
  }, 10);

  const operator = await connect(host.wsUrl);
  await operator.hello(token);
  const acknowledged: string[] = [];
  const killed = new Promise<void>((resolve) =>
    operator.ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as { type: string; id?: string; ok?: boolean };
      if (m.type !== "result" || m.id !== `a${ACTIONS.length - 1}`) return;
      // At the answer, before anything else runs in this process or gets a chance to run in the host.
      host.child.kill("SIGKILL");
      if (m.ok === true) acknowledged.push(`a${ACTIONS.length - 1}`);
      resolve();
    }),
  );
  for (const [i, a] of ACTIONS.entries()) {
    const id = `a${i}`;
    operator.send({ type: "command", id, command: { type: a.type, ...targetOf(a.type, a.target) } });
    if (i === ACTIONS.length - 1) break;
    const result = await operator.next((m) => m.type === "result" && m["id"] === id);
    expect(result, JSON.stringify(a)).toMatchObject({ ok: true });
    acknowledged.push(id);
  }
  await killed;
  clearInterval(traffic);
  await host.exited();
  const delivered = watcher.received.filter((m) => m.type === "event").map((m) => m["seq"] as number);
  for (const c of [watcher, load, operator]) c.close();
  return { acknowledged: acknowledged.length, delivered, token };
};

const onDisk = async (data: string) => {
  const store = await Store.open({ path: join(data, "portcullis.db"), clock: new VirtualClock(0) });
  try {
    const events = (await store.journal.readFrom(1, 1_000_000)) as unknown as JournalEvent[];
    return { events, doors: await store.facts.doors() };
  } finally {
    await store.close();
  }
};

describe("kill -9 at the answer of a manual action", () => {
  it("loses no acknowledged action and no event a client was sent, twice over; the crashed run's token dies", async () => {
    const data = tempDir("kill-at-answer");
    let manualBefore = 0;
    let previousToken: string | undefined;
    for (let round = 0; round < 2; round++) {
      const { acknowledged, delivered, token } = await runAndKill(data, previousToken);
      previousToken = token;
      const { events, doors } = await onDisk(data);
      expect(events.every((e, i) => e.seq === i + 1)).toBe(true);
      const seqs = new Set(events.map((e) => e.seq));
      expect(delivered.filter((seq) => !seqs.has(seq))).toEqual([]);
      expect(delivered.length).toBeGreaterThan(0);

      const manual = events.filter((e) => e.type === "ManualAction").slice(manualBefore);
      manualBefore += manual.length;
      expect(acknowledged).toBe(ACTIONS.length);
      expect(manual.map((e) => e.type === "ManualAction" && `${e.action} ${e.doorId ?? e.zoneId}`)).toEqual(
        ACTIONS.map((a) => `${a.type.split(".")[1]} ${a.target}`),
      );
      // The last action's facts committed with it: the building's entrance is locked down on disk.
      expect(doors.get("main")?.slot).toBe("lockdown");
      expect(doors.get("server")?.slot).toBe("lockdown");
    }
  }, 180_000);
});
