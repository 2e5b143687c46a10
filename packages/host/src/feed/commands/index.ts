/** Every WebSocket command by its `type` (DESIGN §8). */
import { alarmCommands } from "./alarmCommands";
import { backupCommands } from "./backupCommands";
import { cardFormatCommands } from "./cardFormatCommands";
import type { CommandSpec } from "./Command";
import { configCommands } from "./configCommands";
import { manualCommands } from "./manualCommands";
import { peripheralCommands } from "./peripheralCommands";
import { multiCommands } from "./multiCommands";
import { readerCommands } from "./readerCommands";
import { recordCommands } from "./recordCommands";
import { simCommands } from "./simCommands";
import { tokenCommands } from "./tokenCommands";
import { transferCommands } from "./transferCommands";

export * from "./Command";

/** The command table: role, validation and effect of each command type. */
export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(
  Object.entries({
    ...manualCommands,
    ...alarmCommands,
    ...readerCommands,
    ...configCommands,
    ...cardFormatCommands,
    ...transferCommands,
    ...tokenCommands,
    ...recordCommands,
    ...backupCommands,
    ...peripheralCommands,
    ...multiCommands,
    ...simCommands,
  }),
);
