/** Door snapshots follow their readers: up, down, Secure Channel failed or restored, install mode (DESIGN §3, §8). */
import { describe, expect, it } from "vitest";
import type { Received } from "./client";
import { useHarness } from "./useHarness";

const { h, as } = useHarness();

const lobby = (m: Received) => m.type === "door" && (m["door"] as { id: string }).id === "lobby";
const statusOf = (m: Received) => (m["door"] as { status: string }).status;

/** What the OSDP device layer does for a line event: the engine input, and the host event to journal. */
const reader = (readerId: string, online: boolean, error = false) =>
  h().site.push({ type: "reader", readerId, online, error });
const secureChannel = (readerId: string, state: "failed" | "active") =>
  h().backend.recordHostEvent({ type: "SecureChannel", readerId, state, at: h().clock.now() });

describe("door snapshots on reader status changes", () => {
  it("are sent again when a reader comes up, fails its Secure Channel, recovers, enters install mode", async () => {
    const client = await as("viewer");
    client.send({ type: "subscribe", topics: ["doors"] });
    expect(statusOf(await client.next(lobby))).toBe("reader-offline");

    let from = client.received.length;
    reader("lobby-in", true);
    reader("lobby-out", true);
    await h().commit();
    await client.next((m) => lobby(m) && statusOf(m) === "online", from);

    // The line reports the session failed, then the reader in error: the console must not keep "online".
    from = client.received.length;
    secureChannel("lobby-in", "failed");
    reader("lobby-in", true, true);
    await h().commit();
    await client.next((m) => lobby(m) && statusOf(m) === "reader-error", from);

    from = client.received.length;
    secureChannel("lobby-in", "active");
    reader("lobby-in", true);
    await h().commit();
    await client.next((m) => lobby(m) && statusOf(m) === "online", from);

    from = client.received.length;
    h().backend.recordHostEvent({
      type: "InstallMode",
      readerId: "lobby-out",
      active: true,
      at: h().clock.now(),
    });
    await h().commit();
    await client.next(lobby, from);
  });
});
