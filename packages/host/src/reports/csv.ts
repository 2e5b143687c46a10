/** CSV as the reports and exports write it (RFC 4180 quoting, CRLF-free `\n` lines, a header row). */
import { stringify } from "csv-stringify/sync";
import type { ReportTable } from "./configurationReports";

/** A table as CSV text, header first. */
export const tableCsv = (table: ReportTable): string =>
  stringify([table.header, ...table.rows] as string[][]);

/** Rows as CSV text without a header (the pages of a long export after its first). */
export const rowsCsv = (rows: ReadonlyArray<ReadonlyArray<string>>): string => stringify(rows as string[][]);
