/** Domain facts: staged cheaply, committed in the journal's transaction, read back after a restart. */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { doorOpened } from "./events";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const open = () => Store.open({ path: join(dir(), "facts.db"), clock: new VirtualClock(1_000) });

describe("Facts", () => {
  it("commit with the journal's batch and survive a restart", async () => {
    const store = await open();
    store.facts.setDoor("d1", { slot: "lockdown", override: false, overrideAt: undefined, updatedAt: 5 });
    store.facts.setDoor("d2", { slot: "none", override: true, overrideAt: 6, updatedAt: 6 });
    store.facts.setDoor("d1", { slot: "unlock", override: false, overrideAt: undefined, updatedAt: 7 });
    store.facts.enter("z1", "alice", 10);
    store.facts.enter("z1", "bob", 11);
    store.facts.enter("z2", "alice", 12);
    store.facts.leave("z1", "bob");
    store.facts.recordUse("c1", 20);
    store.facts.recordUse("c1", 30);
    store.facts.recordUse("c2", 25);
    store.journal.append(doorOpened(1));
    // Nothing is on disk before the batch commits.
    expect(await store.facts.doors()).toEqual(new Map());
    await store.close();

    const again = await open();
    expect(await again.facts.doors()).toEqual(
      new Map([
        ["d1", { slot: "unlock", override: false, overrideAt: undefined, updatedAt: 7 }],
        ["d2", { slot: "none", override: true, overrideAt: 6, updatedAt: 6 }],
      ]),
    );
    expect(await again.facts.presence()).toEqual([
      { zoneId: "z1", cardholderId: "alice", enteredAt: 10 },
      { zoneId: "z2", cardholderId: "alice", enteredAt: 12 },
    ]);
    expect(await again.facts.credentialUsage()).toEqual([
      { credentialId: "c1", uses: 2, firstUse: 20, lastUse: 30 },
      { credentialId: "c2", uses: 1, firstUse: 25, lastUse: 25 },
    ]);
    expect(again.journal.head()).toBe(1);
    await again.close();
  });

  it("accumulate use counters and replace presence across batches", async () => {
    const store = await open();
    store.facts.recordUse("c1", 20);
    store.facts.enter("z1", "alice", 10);
    await store.journal.flush();
    store.facts.recordUse("c1", 10);
    store.facts.recordUse("c1", 40);
    store.facts.enter("z1", "alice", 50);
    await store.journal.flush();
    expect(await store.facts.credentialUsage()).toEqual([
      { credentialId: "c1", uses: 3, firstUse: 10, lastUse: 40 },
    ]);
    expect(await store.facts.presence()).toEqual([{ zoneId: "z1", cardholderId: "alice", enteredAt: 50 }]);
    await store.close();
  });

  it("forgive clears presence on disk and what was staged before it, not what came after", async () => {
    const store = await open();
    store.facts.enter("z1", "alice", 1);
    store.facts.enter("z2", "alice", 2);
    store.facts.enter("z1", "bob", 3);
    store.facts.enter("z2", "carol", 4);
    await store.journal.flush();
    store.facts.enter("z1", "dave", 5);
    store.facts.forgive({ cardholderId: "alice" });
    store.facts.forgive({ zoneId: "z1" });
    store.facts.enter("z1", "bob", 6);
    await store.journal.flush();
    expect(await store.facts.presence()).toEqual([
      { zoneId: "z1", cardholderId: "bob", enteredAt: 6 },
      { zoneId: "z2", cardholderId: "carol", enteredAt: 4 },
    ]);
    store.facts.forgive({});
    await store.journal.flush();
    expect(await store.facts.presence()).toEqual([]);
    await store.close();
  });

  it("are restaged under newer facts when their commit fails, and land with the retry", async () => {
    const clock = new VirtualClock(1_000);
    const store = await Store.open({ path: join(dir(), "retry.db"), clock, journal: { retryDelayMs: 100 } });
    await store.db.run("INSERT INTO journal (seq, at, type, json) VALUES (1, 0, 'x', '{}')");
    store.facts.recordUse("c1", 10);
    store.facts.enter("z1", "alice", 10);
    store.facts.setDoor("d1", { slot: "lock", override: false, overrideAt: undefined, updatedAt: 10 });
    store.journal.append(doorOpened(1));
    await expect(store.journal.flush()).rejects.toThrow();
    store.facts.recordUse("c1", 20);
    store.facts.leave("z1", "alice");
    await store.db.run("DELETE FROM journal");
    await store.journal.flush();
    expect(await store.facts.credentialUsage()).toEqual([
      { credentialId: "c1", uses: 2, firstUse: 10, lastUse: 20 },
    ]);
    expect(await store.facts.presence()).toEqual([]);
    expect([...(await store.facts.doors()).keys()]).toEqual(["d1"]);
    await store.close();
  });
});
