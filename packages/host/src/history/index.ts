/** The event history: queries over the journal by time, door, zone, cardholder and type, and its CSV export. */
export * from "./EventQuery";
export * from "./EventHistory";
export * from "./JournalBlooms";
export * from "./eventKeys";
export * from "./eventsCsv";
