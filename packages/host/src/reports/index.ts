/** A site's records and reports: the six configuration reports, CSV, and the `SiteRecords` handle. */
export * from "./SiteNames";
export * from "./accessPaths";
export * from "./configurationReports";
export * from "./csv";
export * from "./SiteRecords";
