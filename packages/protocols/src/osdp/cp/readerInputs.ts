/** What the engine takes from an OSDP reader: card bits decoded with the reader's effective formats, keys, tamper. */
import { type CardDecodeResult, type CardFormatSet, decodeCardFrame } from "../../cardformat";
import type { CardRead, CpLineEvent, KeypadKeys, LocalStatusEvent } from "./events";

/** A card read as the engine's reader input: the bits (DESIGN §8 trace `card`) and their decoding. */
export interface ReaderCardInput {
  readonly type: "card";
  readonly readerId: string;
  readonly at: number;
  readonly bits: string;
  readonly decoded: CardDecodeResult;
}

/** Keys pressed on a reader's keypad (DESIGN §8 trace `keys`). */
export interface ReaderKeysInput {
  readonly type: "keys";
  readonly readerId: string;
  readonly at: number;
  readonly keys: string;
}

/** The reader's tamper switch as the PD reports it in LSTATR. */
export interface ReaderTamperInput {
  readonly type: "tamper";
  readonly readerId: string;
  readonly at: number;
  readonly active: boolean;
}

/** Every reader input an OSDP line produces. */
export type ReaderInput = ReaderCardInput | ReaderKeysInput | ReaderTamperInput;

/**
 * The reader input a line event stands for, decoding card bits with `formats` (the reader's effective set: its
 * custom set, else the site's active set); undefined for events that are no reader input (status, Secure Channel).
 */
export const toReaderInput = (event: CpLineEvent, formats: CardFormatSet): ReaderInput | undefined => {
  switch (event.type) {
    case "CardRead":
      return cardInput(event, formats);
    case "Keypad":
      return keysInput(event);
    case "LocalStatus":
      return tamperInput(event);
    default:
      return undefined;
  }
};

const cardInput = (read: CardRead, formats: CardFormatSet): ReaderCardInput => ({
  type: "card",
  readerId: read.readerId,
  at: read.at,
  bits: read.bits,
  decoded: decodeCardFrame(formats, read.bits),
});

const keysInput = (keys: KeypadKeys): ReaderKeysInput => ({
  type: "keys",
  readerId: keys.readerId,
  at: keys.at,
  keys: keys.keys,
});

const tamperInput = (status: LocalStatusEvent): ReaderTamperInput => ({
  type: "tamper",
  readerId: status.readerId,
  at: status.at,
  active: status.tamper,
});
