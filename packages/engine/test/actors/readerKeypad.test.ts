/** A reader's keypad: the site's PIN length and end key, or the reader's own custom PIN length (seed "Add a reader"). */
import { describe, expect, it } from "vitest";
import { simulateSite, type SimulatedSite } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { basePolicy, MONDAY_10, siteInput } from "../decision/fixtures";

/** Gate side A has a custom PIN length of 4 to 8 ending with `*`; side B keeps the site's 4 to 6 ending with `#`. */
const customSite = () => {
  const s = simulateSite(
    {
      ...siteInput({
        gate: {
          sides: {
            A: {
              readers: [
                {
                  id: "gate-a",
                  type: "osdp",
                  port: "rd1",
                  osdp: { address: 0 },
                  pin: { minLength: 4, maxLength: 8, endCharacter: "*" },
                },
              ],
            },
            B: { readers: [{ id: "gate-b", type: "osdp", port: "rd2", osdp: { address: 1 } }] },
          },
        },
      }),
      policy: basePolicy({
        credentials: [
          { id: "alice-pin", cardholderId: "alice", name: "pin", kind: "pin", pin: "432198" },
          { id: "bob-pin", cardholderId: "bob", name: "pin", kind: "pin", pin: "55512377" },
        ],
        doorPolicies: [{ doorId: "gate", profileId: "pin" }],
      }),
    },
    MONDAY_10,
  );
  s.push({ type: "door", doorId: "gate", open: false });
  return s;
};

const granted = (s: SimulatedSite) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: "AccessGranted" }> => e.type === "AccessGranted");
const denied = (s: SimulatedSite) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: "AccessDenied" }> => e.type === "AccessDenied");

describe("a reader's custom PIN length", () => {
  it("takes PINs up to its own maximum, ended by its own end character", () => {
    const s = customSite();
    s.push({ type: "keys", readerId: "gate-a", keys: "55512377" });
    expect(granted(s)).toMatchObject([{ readerId: "gate-a", cardholderIds: ["bob"] }]);
    s.push({ type: "keys", readerId: "gate-a", keys: "432198*" });
    expect(granted(s).map((e) => e.cardholderIds)).toEqual([["bob"], ["alice"]]);
  });

  it("ignores the site's end character: the PIN then ends at the inter-digit timeout", () => {
    const s = customSite();
    s.push({ type: "keys", readerId: "gate-a", keys: "432198#" });
    expect(granted(s)).toHaveLength(0);
    s.advance(5_000);
    expect(granted(s)).toMatchObject([{ readerId: "gate-a", cardholderIds: ["alice"] }]);
  });

  it("leaves the other readers on the site's PIN length and end character", () => {
    const s = customSite();
    s.push({ type: "keys", readerId: "gate-b", keys: "432198" });
    expect(granted(s)).toMatchObject([{ readerId: "gate-b", cardholderIds: ["alice"] }]);
    // The site's maximum of 6 cuts bob's 8-digit PIN short.
    s.push({ type: "keys", readerId: "gate-b", keys: "555123" });
    expect(denied(s)).toMatchObject([{ readerId: "gate-b", reason: "CredentialNotFound" }]);
    s.push({ type: "keys", readerId: "gate-b", keys: "4321#" });
    expect(denied(s)).toHaveLength(2);
  });
});
