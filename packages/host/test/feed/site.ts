/** The site the feed tests run: a lobby door with readers, monitor and REX in an anti-passback zone, and a monitoring door. */
import { readFileSync } from "node:fs";

const replaySite = JSON.parse(
  readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8"),
) as { controllers: unknown[]; doors: unknown[]; policy: Record<string, unknown> };

/** The replay example's lobby, plus a store room watched by a monitoring door on a second controller. */
export const feedSite = {
  ...replaySite,
  controllers: [
    ...replaySite.controllers,
    { id: "c2", name: "I/O module", kind: "io-module", relays: [], inputs: ["in1"], readerPorts: [] },
  ],
  doors: [
    ...replaySite.doors,
    {
      id: "store",
      name: "Store room",
      controllerId: "c2",
      type: "monitoring",
      sensor: { input: "in1", openWhen: "circuit-open", debounceMs: 0 },
    },
  ],
};

/** Alice's badge at the lobby's entry reader. */
export const ALICE_CARD = 1001n;
