/** The event history as CSV: one row per event, with the names the site knows beside the ids. */
import type { SiteNames } from "../reports/SiteNames";
import type { KeyedEvent } from "./eventKeys";

/** The export's columns. */
export const EVENT_CSV_HEADER: ReadonlyArray<string> = [
  "Seq",
  "Time",
  "Event",
  "Door ID",
  "Door",
  "Side",
  "Reader",
  "Cardholder ID",
  "Cardholder",
  "Zone",
  "From zone",
  "To zone",
  "Reason",
  "By",
  "Details",
];

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One event as a CSV row; `Details` carries the event's JSON, so nothing it holds is lost. */
export const eventRow = (event: KeyedEvent, names: SiteNames): string[] => {
  const doorId = text(event["doorId"]);
  const readerId = text(event["readerId"]);
  const single = text(event["cardholderId"]);
  const many = event["cardholderIds"];
  const cardholders = single !== undefined ? [single] : Array.isArray(many) ? (many as string[]) : [];
  const zone = (field: string) => {
    const id = text(event[field]);
    return id === undefined ? "" : names.zone(id);
  };
  const reason = text(event["reason"]);
  const detail = text(event["detail"]);
  return [
    String(event.seq),
    new Date(event.at).toISOString(),
    event.type,
    doorId ?? "",
    doorId === undefined ? "" : names.door(doorId),
    text(event["side"]) ?? "",
    readerId === undefined ? "" : names.reader(readerId),
    cardholders.join("; "),
    cardholders.map((id) => names.cardholder(id)).join("; "),
    zone("zoneId"),
    zone("fromZone"),
    zone("toZone"),
    reason === undefined ? "" : detail === undefined ? reason : `${reason} (${detail})`,
    text(event["by"]) ?? "",
    JSON.stringify(event),
  ];
};
