/** Messages the server sends (DESIGN §8) and their one JSON encoding. */
import type { DoorSnapshot } from "@portcullis/engine";
import type { Alarm } from "../alarms";
import type { RemoteUpdate } from "../multi/RemoteMonitor";
import type { JournalEvent } from "../events";
import type { TokenRole } from "../store";
import type { CommandId } from "./ClientMessage";
import type { FeedError } from "./FeedError";

type WireError = ReturnType<FeedError["toWire"]>;

/**
 * Any server message; a successful result may carry a `value` (a token's secret, a last read, …).
 * The `servers` topic's messages (`servers`, `remoteDoor`, `remoteEvent`) are a main's subs'; a
 * remote door never comes as `door`, whose ids are this host's own.
 */
export type ServerMessage =
  | { readonly type: "welcome"; readonly role: TokenRole; readonly seq: number }
  | { readonly type: "error"; readonly error: WireError }
  | { readonly type: "event"; readonly seq: number; readonly event: JournalEvent }
  | { readonly type: "door"; readonly door: DoorSnapshot }
  | { readonly type: "alarms"; readonly alarms: ReadonlyArray<Alarm> }
  | { readonly type: "alarm"; readonly alarm: Alarm }
  | { readonly type: "result"; readonly id: CommandId; readonly ok: true; readonly value?: unknown }
  | { readonly type: "result"; readonly id: CommandId; readonly ok: false; readonly error: WireError }
  | RemoteUpdate;

// Card numbers and facility codes are bigints inside, decimal strings at JSON boundaries (DESIGN §2).
const bigintsAsStrings = (_key: string, value: unknown): unknown =>
  typeof value === "bigint" ? value.toString() : value;

/**
 * A result value already in JSON (no bigints in it), written into the result as it is: a site file
 * of 100 000 cardholders is 50 MB of text, encoded once per configuration rather than per reader.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The text frame of a message. */
export const encodeMessage = (message: ServerMessage): string =>
  message.type === "result" && message.ok && message.value instanceof JsonText
    ? `{"type":"result","id":${JSON.stringify(message.id)},"ok":true,"value":${message.value.text}}`
    : JSON.stringify(message, bigintsAsStrings);
