/** A door's first position reading has no event (DESIGN §4), yet a console subscribed before it sees the position. */
import { expect, it } from "vitest";
import type { Received } from "./client";
import { useHarness } from "./useHarness";

const { h, as } = useHarness();

const lobby = (m: Received) => m.type === "door" && (m["door"] as { id: string }).id === "lobby";
const positionOf = (m: Received) => (m["door"] as { position: string }).position;

it("sends a door whose position became known without an event, as the reading is taken", async () => {
  const client = await as("viewer");
  client.send({ type: "subscribe", topics: ["doors"] });
  expect(positionOf(await client.next(lobby))).toBe("Unknown");
  const head = h().journal.head();
  const from = client.received.length;
  // The monitor's first reading: taken silently, nothing journalled, yet the console learns it.
  h().site.push({ type: "door", doorId: "lobby", open: false });
  expect(positionOf(await client.next(lobby, from))).toBe("Closed");
  expect(h().journal.head()).toBe(head);
});
