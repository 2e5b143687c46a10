/** Demo mode only (DESIGN §8): `sim.*` drives the simulated hardware through the injected `SimControls`. */
import { Side } from "@portcullis/engine";
import { Schema } from "effect";
import type { SimControls } from "../FeedBackend";
import { type CommandOutcome, type CommandSpec, defineCommand, notAvailable } from "./Command";

const Swipe = Schema.Union(
  Schema.Struct({ readerId: Schema.String, number: Schema.BigInt }),
  Schema.Struct({ readerId: Schema.String, bits: Schema.String.pipe(Schema.pattern(/^[01]{1,256}$/)) }),
);

/** Runs `drive` on the simulation, or refuses when this host has none. */
const onSim =
  <A>(drive: (sim: SimControls, params: A) => CommandOutcome) =>
  (params: A, { backend }: { readonly backend: { readonly sim?: SimControls } }): CommandOutcome =>
    backend.sim === undefined ? notAvailable("simulation") : drive(backend.sim, params);

/** `sim.swipe`, `sim.pin`, `sim.door` and `sim.rex` (operator). */
export const simCommands: Readonly<Record<string, CommandSpec>> = {
  "sim.swipe": defineCommand(
    "operator",
    Swipe,
    onSim((sim, p) => sim.swipe(p.readerId, "bits" in p ? { bits: p.bits } : { number: p.number })),
  ),
  "sim.pin": defineCommand(
    "operator",
    Schema.Struct({ readerId: Schema.String, keys: Schema.String.pipe(Schema.pattern(/^[0-9*#]{1,32}$/)) }),
    onSim((sim, p) => sim.pin(p.readerId, p.keys)),
  ),
  "sim.door": defineCommand(
    "operator",
    Schema.Struct({ doorId: Schema.String, open: Schema.Boolean }),
    onSim((sim, p) => sim.door(p.doorId, p.open)),
  ),
  "sim.rex": defineCommand(
    "operator",
    Schema.Struct({ doorId: Schema.String, side: Side }),
    onSim((sim, p) => sim.rex(p.doorId, p.side)),
  ),
};
