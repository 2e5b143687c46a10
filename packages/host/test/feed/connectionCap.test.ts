/** The number of connections is capped (issue 10 §5): one over is closed with 1013, and a freed place is taken again. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, open, as } = useHarness({ maxConnections: 3 });

describe("connection cap", () => {
  it("closes the connection past the cap with 1013 and logs it; the others serve on", async () => {
    const clients = [await as("viewer"), await as("viewer"), await open()];
    const over = await open();
    expect(await over.closed()).toBe(1013);
    expect(h().logs.some((l) => l.msg === "feed.too_many_connections")).toBe(true);
    expect(await clients[0]!.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
    clients[2]!.close();
    await clients[2]!.closed();
    const again = await as("operator");
    expect(await again.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });
});
