/** Subscriptions: journalled events and door snapshots, inclusive resume without gaps or duplicates, ResumeGap. */
import { describe, expect, it } from "vitest";
import type { Received } from "./client";
import { ALICE_CARD } from "./site";
import { useHarness } from "./useHarness";

const { h, open, as } = useHarness();

const swipe = () => h().site.push({ type: "card", readerId: "lobby-in", number: ALICE_CARD });
const seqs = (received: ReadonlyArray<Received>) =>
  received.filter((m) => m.type === "event").map((m) => m["seq"] as number);
const eventAt = (seq: number) => (m: Received) => m.type === "event" && m["seq"] === seq;

describe("subscribe", () => {
  it("sends every door on subscribe, then committed events and the snapshots they change", async () => {
    const client = await as("viewer");
    client.send({ type: "subscribe", topics: ["events", "doors"] });
    const lobby = await client.next((m) => m.type === "door" && (m["door"] as { id: string }).id === "lobby");
    expect(lobby["door"]).toMatchObject({
      id: "lobby",
      name: "Lobby",
      kind: "standard",
      slot: "none",
      mode: "Locked",
      locks: [{ relay: "c1:r1", state: "locked" }],
      alarm: "Normal",
      // Its OSDP readers are connecting until a line reports them up, and no line runs here.
      status: "reader-offline",
    });
    expect(
      await client.next((m) => m.type === "door" && (m["door"] as { id: string }).id === "store"),
    ).toMatchObject({ door: { kind: "monitoring", slot: "none", mode: "Unknown", locks: [] } });
    const before = client.received.length;
    swipe();
    // Nothing reaches clients before it is journalled: a round trip later, still no event.
    await client.command({ type: "door.pinChart", doorId: "lobby" });
    expect(client.received.slice(before).map((m) => m.type)).toEqual(["result"]);
    await h().commit();
    const granted = await client.next(
      (m) => m.type === "event" && (m["event"] as { type: string }).type === "AccessGranted",
    );
    expect(granted["seq"]).toBeLessThanOrEqual(h().journal.head());
    expect(granted["event"]).toMatchObject({
      type: "AccessGranted",
      doorId: "lobby",
      cardholderIds: ["alice"],
    });
    expect(
      await client.next(
        (m) => m.type === "door" && (m["door"] as { mode: string }).mode === "Accessed",
        before,
      ),
    ).toMatchObject({ door: { id: "lobby", locks: [{ state: "unlocked" }] } });
  });

  it("resumes after a reconnect from an inclusive seq: no gap, no duplicate, then live", async () => {
    const first = await as("viewer");
    first.send({ type: "subscribe", topics: ["events"] });
    swipe();
    h().clock.advance(10_000);
    await h().commit();
    await first.next(eventAt(h().journal.head()));
    const seen = seqs(first.received);
    const lastSeen = seen.at(-1)!;
    first.close();

    // Missed while away, and committed while the second client replays.
    swipe();
    h().clock.advance(10_000);
    await h().commit();
    const second = await as("viewer", lastSeen + 1);
    second.send({ type: "subscribe", topics: ["events"] });
    swipe();
    await h().commit();
    const head = h().journal.head();
    await second.next(eventAt(head));
    expect(seen).toEqual(Array.from({ length: lastSeen }, (_, i) => i + 1));
    expect(seqs(second.received)).toEqual(
      Array.from({ length: head - lastSeen }, (_, i) => lastSeen + 1 + i),
    );
  });

  it("replays from the first seq kept, and refuses a resume from before it with ResumeGap", async () => {
    for (let i = 0; i < 5; i++) {
      swipe();
      h().clock.advance(10_000);
    }
    await h().commit();
    await h().journal.prune(3);
    const head = h().journal.head();
    const gap = await open();
    expect(await gap.hello(h().secrets.viewer, head - 3)).toMatchObject({
      type: "error",
      error: { code: "ResumeGap" },
    });
    expect(await gap.hello(h().secrets.viewer, head - 2)).toMatchObject({ type: "welcome", seq: head });
    gap.send({ type: "subscribe", topics: ["events"] });
    await gap.next(eventAt(head));
    expect(seqs(gap.received)).toEqual([head - 2, head - 1, head]);
  });

  it("refuses a resume from beyond the head, and takes one from just past it", async () => {
    swipe();
    await h().commit();
    const head = h().journal.head();
    const ahead = await open();
    expect(await ahead.hello(h().secrets.viewer, head + 2)).toMatchObject({
      type: "error",
      error: { code: "BadCommand", message: expect.stringContaining(`beyond the journal head ${head}`) },
    });
    expect(await ahead.hello(h().secrets.viewer, head + 1)).toMatchObject({ type: "welcome", seq: head });
  });

  it("without resumeFrom starts after the welcome's seq; topics can be dropped and taken up again", async () => {
    swipe();
    await h().commit();
    const client = await as("viewer");
    const welcomed = h().journal.head();
    client.send({ type: "subscribe", topics: ["events"] });
    client.send({ type: "subscribe", topics: [] });
    h().clock.advance(10_000);
    await h().commit();
    client.send({ type: "subscribe", topics: ["events"] });
    const head = h().journal.head();
    await client.next(eventAt(head));
    expect(seqs(client.received)).toEqual(
      Array.from({ length: head - welcomed }, (_, i) => welcomed + 1 + i),
    );
  });
});
