import { Either } from "effect";
import { createSite } from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";

const clock = new VirtualClock(Date.UTC(2026, 10, 23, 7));
const site = Either.getOrThrow(
  createSite(
    {
      name: "Demo",
      timeZone: "Europe/Stockholm",
      controllers: [{ id: "c1", name: "Lobby", relays: ["r1"], inputs: ["in1"] }],
      doors: [
        {
          id: "lobby",
          name: "Lobby",
          controllerId: "c1",
          primaryLock: "r1",
          doorMonitor: { input: "in1", openWhen: "circuit-open" },
        },
      ],
    },
    {
      clock,
      hasher: hmacPinHasher(), // PIN tags; the host keys its own from the main key
      relays: { setRelay: (relay, locked) => console.log(relay, locked ? "locked" : "unlocked") },
    },
  ),
);
site.events$.subscribe((e) => console.log(e.seq, e.type));
site.start(); // doors act and publish from here on
site.push({ type: "door", doorId: "lobby", open: false });
site.push({
  type: "grant",
  doorId: "lobby",
  grant: { grantId: "g1", kind: "credential", cardholderIds: ["alice"], long: false, exempt: false },
});
clock.advance(7_000); // nobody opened: AccessNotTaken, relocked
