/**
 * Aggregated monitoring pushed live (issue 14) over a real WebSocket to a client of the main, with a
 * real nats-server and a main and a sub running as `portcullis start --demo --nats` does: the
 * `servers` topic sends the subs and their doors, then a sub's door changes and events as they
 * happen; the main's own `door` messages stay its own doors; a sub cut off shows Disconnected and its
 * doors come again when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Received, type TestClient } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { type RunningPair, startRunningPair } from "./runningPair";

/** Waiting on NATS and heartbeats (a Disconnected shows after three missed seconds): real time. */
const WAIT_MS = 15_000;

const fromBranch = (m: Received) => (m["server"] as { name?: string } | undefined)?.name === "Branch";
const door = (m: Received) => m["door"] as { id: string; position: string; mode: string };
const servers = (m: Received) => m["servers"] as Array<{ name: string; status: string }>;

describe("aggregated monitoring on the main's feed", () => {
  const root = tempDir("multi-live");
  let pair: RunningPair;
  let client: TestClient;
  let subClient: TestClient;

  beforeAll(async () => {
    pair = await startRunningPair(root, "Branch");
    client = await connect(pair.main.feed.wsUrl);
    expect(await client.hello(pair.mainToken)).toMatchObject({ type: "welcome" });
    subClient = await connect(pair.sub.feed.wsUrl);
    expect(await subClient.hello(pair.subToken)).toMatchObject({ type: "welcome" });
  }, 60_000);

  afterAll(async () => {
    client?.close();
    subClient?.close();
    await pair?.stop();
  });

  it("sends the subs and their doors on subscribe, then a sub's door changes and events as they happen", async () => {
    client.send({ type: "subscribe", topics: ["doors", "servers"] });
    await client.next(
      (m) => m.type === "servers" && servers(m).some((s) => s.name === "Branch" && s.status === "Connected"),
      0,
      WAIT_MS,
    );
    await client.next((m) => m.type === "remoteDoor" && fromBranch(m) && door(m).id === "main", 0, WAIT_MS);

    // The door "main" of the sub opens: the main's client hears it, as the sub's door, not its own.
    const from = client.received.length;
    expect(await subClient.command({ type: "sim.door", doorId: "main", open: true })).toMatchObject({
      ok: true,
    });
    const opened = await client.next(
      (m) => m.type === "remoteDoor" && fromBranch(m) && door(m).id === "main" && door(m).position === "Open",
      from,
      WAIT_MS,
    );
    expect(opened["server"]).toMatchObject({ name: "Branch", id: expect.any(String) });
    await client.next(
      (m) =>
        m.type === "remoteEvent" &&
        fromBranch(m) &&
        (m["event"] as { type: string; doorId?: string }).type === "DoorOpened" &&
        typeof m["seq"] === "number",
      from,
      WAIT_MS,
    );
    // The main's own door of the same id did not move: `door` messages are this host's doors only.
    expect(pair.main.host.site.door("main")?.position).not.toBe("Open");
    expect(
      client.received
        .slice(from)
        .filter((m) => m.type === "door")
        .every((m) => door(m).position !== "Open" && !("server" in m)),
    ).toBe(true);

    // A door command sent to the sub through the main comes back as the sub's door changing.
    const before = client.received.length;
    expect(
      await client.command({
        type: "multi.command",
        server: "Branch",
        command: { type: "door.unlock", doorId: "main" },
      }),
    ).toMatchObject({ ok: true });
    await client.next(
      (m) => m.type === "remoteDoor" && fromBranch(m) && door(m).mode === "Unlocked",
      before,
      WAIT_MS,
    );
    expect(pair.main.host.site.door("main")?.mode).not.toBe("Unlocked");
  }, 60_000);

  it("shows a sub cut off Disconnected, and sends its doors again once it is back", async () => {
    const from = client.received.length;
    await pair.nats.stop();
    await client.next(
      (m) =>
        m.type === "servers" && servers(m).some((s) => s.name === "Branch" && s.status === "Disconnected"),
      from,
      WAIT_MS,
    );
    // Changed while cut off: the main learns it when the sub is back.
    expect(await subClient.command({ type: "sim.door", doorId: "main", open: false })).toMatchObject({
      ok: true,
    });
    const back = client.received.length;
    await pair.nats.start();
    await client.next(
      (m) => m.type === "servers" && servers(m).some((s) => s.name === "Branch" && s.status === "Connected"),
      back,
      WAIT_MS,
    );
    await client.next(
      (m) =>
        m.type === "remoteDoor" && fromBranch(m) && door(m).id === "main" && door(m).position === "Closed",
      back,
      WAIT_MS,
    );
    // A client subscribing now is sent the sub's doors as they are.
    const late = await connect(pair.main.feed.wsUrl);
    await late.hello(pair.mainToken);
    late.send({ type: "subscribe", topics: ["servers"] });
    await late.next(
      (m) =>
        m.type === "remoteDoor" && fromBranch(m) && door(m).id === "main" && door(m).position === "Closed",
      0,
      WAIT_MS,
    );
    expect(late.received.slice(0, 2).map((m) => m.type)).toEqual(["welcome", "servers"]);
    late.close();
  }, 60_000);
});
