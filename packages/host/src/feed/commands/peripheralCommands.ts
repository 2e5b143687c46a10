/** The external peripheral authentication key (admin): show it to copy into a camera, or rotate it. */
import { Either, Schema } from "effect";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

/** `peripheral.key {}` → `{key}`; `peripheral.rotateKey {}` → `{key}` (the new one; the old one stops working). */
export const peripheralCommands: Readonly<Record<string, CommandSpec>> = {
  "peripheral.key": defineCommand("admin", Schema.Struct({}), (_, { backend }) =>
    backend.peripheralKey === undefined
      ? notAvailable("external peripherals")
      : Either.right({ key: backend.peripheralKey.current() }),
  ),
  "peripheral.rotateKey": defineCommand("admin", Schema.Struct({}), async (_, { backend, by }) => {
    if (backend.peripheralKey === undefined) return notAvailable("external peripherals");
    const key = await backend.peripheralKey.rotate();
    backend.recordHostEvent({ type: "PeripheralKeyRotated", at: backend.clock.now(), by });
    return Either.right({ key });
  }),
};
