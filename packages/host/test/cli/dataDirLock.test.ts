/** One host per data directory (issue 10 §2): a second `start` is refused and writes nothing; a crash leaves no lock. */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { type HostProcess, serving, startHost } from "./hostProcess";

const unlockEvent = async (host: HostProcess, doorId: string) => {
  const operator = await connect(host.wsUrl);
  const welcome = await operator.hello(host.operatorToken!);
  operator.send({ type: "subscribe", topics: ["events"] });
  expect(await operator.command({ type: "door.unlock", doorId })).toMatchObject({ ok: true });
  const event = await operator.next(
    (m) => m.type === "event" && (m["event"] as { type: string }).type === "ManualAction",
  );
  operator.close();
  return { welcomeSeq: welcome["seq"] as number, eventSeq: event["seq"] as number };
};

describe("the data directory lock", () => {
  it("refuses a second host on a directory in use, which keeps committing; kill -9 leaves no lock", async () => {
    const data = tempDir("lock");
    const listen = ["--data", data, "--listen", "127.0.0.1:0"];
    const first = serving(await startHost(listen));
    try {
      const before = await unlockEvent(first, "main");

      const second = await startHost(listen);
      if ("child" in second) second.child.kill("SIGKILL");
      expect(second).toMatchObject({ code: 1 });
      expect("err" in second && second.err).toContain(`the data directory ${data} is in use`);

      // The first host's journal goes on committing from its own head: nothing was written under it.
      const after = await unlockEvent(first, "office");
      expect(after.eventSeq).toBeGreaterThan(before.eventSeq);
      expect(first.err()).not.toContain("journal commit failed");
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      first.child.kill("SIGKILL");
      await first.exited();

      const rows = await readJournal(data);
      expect(rows.every((seq, i) => seq === i + 1)).toBe(true);
      expect(rows).toContain(after.eventSeq);

      // The kernel dropped the crashed host's lock: a new start takes the directory at once.
      const third = serving(await startHost(listen));
      third.child.kill("SIGTERM");
      expect(await third.exited()).toBe(0);
    } finally {
      if (first.alive()) first.child.kill("SIGKILL");
    }
  }, 90_000);
});

const readJournal = async (data: string): Promise<number[]> => {
  const store = await Store.open({ path: join(data, "portcullis.db"), clock: new VirtualClock(0) });
  try {
    return (await store.db.all<{ seq: number }>("SELECT seq FROM journal ORDER BY seq")).map((r) => r.seq);
  } finally {
    await store.close();
  }
};
