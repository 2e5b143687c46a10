/**
 * Export cardholders to CSV (seed "Export cardholders"), in the columns an import reads back: an
 * export imported with Update changes nothing, and imported with New into an empty site gives the
 * same cardholders, credentials and group memberships.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify";
import { exportHeader, FLAG_FIELDS, LIST_SEPARATOR, TEXT_FIELDS } from "./columns";

type Doc = Record<string, unknown>;

/** Progress of an export: rows written of all. */
export type ExportProgress = (rows: number, total: number) => void;

/** The export of a site file (its JSON form): the header, then one row per cardholder. */
export const exportTable = (file: Doc): { readonly total: number; readonly rows: Iterable<string[]> } => {
  const policy = (file["policy"] ?? {}) as Doc;
  const list = (key: string) => ((policy[key] as Doc[] | undefined) ?? []) as Doc[];
  const customFields = (policy["customFields"] as string[] | undefined) ?? [];
  const groupsOf = new Map<string, string[]>();
  for (const g of list("groups"))
    for (const m of (g["members"] as string[] | undefined) ?? [])
      groupsOf.set(m, [...(groupsOf.get(m) ?? []), String(g["name"])]);
  const credentialsOf = new Map<string, Doc[]>();
  for (const { cardholderId, ...rest } of list("credentials")) {
    const owner = String(cardholderId);
    credentialsOf.set(owner, [...(credentialsOf.get(owner) ?? []), rest]);
  }
  const cardholders = list("cardholders");
  function* rows(): Generator<string[]> {
    yield exportHeader(customFields);
    for (const c of cardholders) {
      const id = String(c["id"]);
      const custom = (c["customFields"] as Array<{ name: string; value: string }> | undefined) ?? [];
      const credentials = credentialsOf.get(id);
      yield [
        ...TEXT_FIELDS.map((f) => (c[f] === undefined ? "" : String(c[f]))),
        ...FLAG_FIELDS.map((f) => String(c[f] === true)),
        (groupsOf.get(id) ?? []).join(LIST_SEPARATOR),
        credentials === undefined ? "" : JSON.stringify(credentials),
        ...customFields.map((name) => custom.find((f) => f.name === name)?.value ?? ""),
      ];
    }
  }
  return { total: cardholders.length, rows: rows() };
};

/** Writes the export of `file` to `out` as CSV, streaming; resolves once every row is handed to `out`. */
export const writeExport = async (
  file: Doc,
  out: Writable,
  progress: ExportProgress = () => {},
): Promise<number> => {
  const { total, rows } = exportTable(file);
  const csv = stringify();
  csv.pipe(out, { end: false });
  let written = -1;
  for (const row of rows) {
    if (!csv.write(row)) await once(csv, "drain");
    if (++written % 1000 === 0 && written > 0) progress(written, total);
  }
  csv.end();
  await once(csv, "end");
  progress(total, total);
  return total;
};
