/**
 * The keys a journalled event is found by — its type, door, reader, cardholders and zones — used
 * alike by the journal's block filters and by the exact match of a history query.
 */

/** An event as read from the journal: the fields a history query looks at. */
export interface KeyedEvent {
  readonly type: string;
  readonly seq: number;
  readonly at: number;
  readonly [field: string]: unknown;
}

/** Key kinds: event type, door, reader, cardholder, zone. */
export type KeyKind = "t" | "d" | "r" | "c" | "z";

/** The key of one value of a kind (`d:lobby`). */
export const keyOf = (kind: KeyKind, value: string): string => `${kind}:${value}`;

const addString = (add: (key: string) => void, kind: KeyKind, value: unknown): void => {
  if (typeof value === "string") add(keyOf(kind, value));
};

/** Calls `add` with every key of `event`; fields that are absent add nothing. */
export const eventKeys = (event: KeyedEvent, add: (key: string) => void): void => {
  add(keyOf("t", event.type));
  addString(add, "d", event["doorId"]);
  addString(add, "r", event["readerId"]);
  addString(add, "c", event["cardholderId"]);
  const cardholders = event["cardholderIds"];
  if (Array.isArray(cardholders)) for (const id of cardholders) addString(add, "c", id);
  addString(add, "z", event["zoneId"]);
  addString(add, "z", event["fromZone"]);
  addString(add, "z", event["toZone"]);
};

/** A key of an event of one type (`AccessGranted|d:lobby`), so "this door's grants" is one lookup. */
export const typedKey = (type: string, key: string): string => `${type}|${key}`;

/**
 * The keys a block filter holds for `event`: each key alone, and each non-type key with the event's
 * type — without the pairs, a door's events and grants elsewhere would make every block a candidate
 * for "this door's grants".
 */
export const filterKeys = (event: KeyedEvent, add: (key: string) => void): void => {
  const type = event.type;
  eventKeys(event, (key) => {
    add(key);
    if (key.charCodeAt(0) !== 116 /* "t" */) add(typedKey(type, key));
  });
};
