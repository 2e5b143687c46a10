/** `portcullis replay` prints every instant as an ISO time (DESIGN §8), not only `at`. */
import { describe, expect, it } from "vitest";
import { replayFixture } from "./replaySite";

/** The lobby takes PINs on side A. */
const pinLobby = (site: Record<string, unknown>) => {
  (site["policy"] as Record<string, unknown>)["doorPolicies"] = [{ doorId: "lobby", profileId: "pin" }];
};

describe("replay times", () => {
  it("prints KeypadLockout's `until` as an ISO time, like `at`", () => {
    const wrong = [0, 1, 2, 3, 4].map((i) => ({
      at: `2026-11-23T08:00:0${i}+01:00`,
      type: "keys",
      readerId: "lobby-in",
      keys: `11111${i}`,
    }));
    const { events, error } = replayFixture(wrong, pinLobby);
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === "KeypadLockout")).toEqual([
      {
        type: "KeypadLockout",
        at: "2026-11-23T07:00:04.000Z",
        until: "2026-11-23T07:01:04.000Z",
        seq: expect.any(Number),
        readerId: "lobby-in",
        doorId: "lobby",
      },
    ]);
    for (const e of events) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
