/** Zoned wall-clock time: offsets, calendar fields and calendar arithmetic in IANA zones. */
export * from "./ZoneRules";
export * from "./WallClock";
export * from "./addPeriod";
