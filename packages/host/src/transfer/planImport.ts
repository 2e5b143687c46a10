/**
 * An import's effect on the site file, computed before anything changes (seed "Import and export"):
 * the rows mapped to cardholders, credentials and groups under the chosen mode and unique
 * identifier, and every bad row named by line and column. The engine validates the result as one
 * configuration change; its issues map back to lines through {@link ImportPlan.lineOf}.
 */
import { normalisePlate } from "@portcullis/engine";
import { parseCardNumber } from "./cardNumber";
import {
  type ColumnField,
  FLAG_FIELDS,
  LIST_SEPARATOR,
  STANDARD_FIELDS,
  type StandardField,
} from "./columns";
import type { CsvRow } from "./csvRows";
import type { ImportIssue } from "./ImportError";
import type { ImportOptions } from "./ImportOptions";
import type { PhotoToCheck } from "./importPhotos";

type Doc = Record<string, unknown>;

/** The site file with the import applied, and what it did. */
export interface ImportPlan {
  readonly file: Doc;
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  /** The photo paths the import sets or changes, to be checked on the host before it applies. */
  readonly photos: ReadonlyArray<PhotoToCheck>;
  /** The line a field path of the resulting file came from (`policy.cardholders[3].email` → 7), or 0. */
  readonly lineOf: (field: string) => number;
}

const FLAGS: ReadonlySet<string> = new Set(FLAG_FIELDS);
const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0", ""]);

/** The columns of the file, from the mapping or the header row. */
const resolveColumns = (
  names: ReadonlyArray<string | null>,
  customFields: ReadonlyArray<string>,
  line: number,
  issues: ImportIssue[],
): Array<ColumnField | undefined> => {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    const name = raw?.trim() ?? "";
    if (name === "") return undefined;
    const field: ColumnField | undefined = STANDARD_FIELDS.has(name)
      ? { kind: "standard", name: name as StandardField }
      : customFields.includes(name)
        ? { kind: "custom", name }
        : undefined;
    const at = `column ${i + 1}`;
    if (field === undefined) {
      issues.push({
        line,
        field: at,
        message: `unknown column "${name}": neither a cardholder field nor a custom field the site defines (${customFields.length === 0 ? "none defined" : customFields.map((n) => `"${n}"`).join(", ")})`,
      });
      return undefined;
    }
    if (seen.has(name)) issues.push({ line, field: at, message: `column "${name}" is mapped twice` });
    seen.add(name);
    return field;
  });
};

const keyFields = { id: ["id"], name: ["firstName", "lastName"], email: ["email"] } as const;

/** The unique-identifier key of a cardholder (seed "Unique identifier"). */
const keyOf = (identifier: ImportOptions["identifier"], c: Doc): string => {
  const text = (k: string) => (typeof c[k] === "string" ? (c[k] as string).trim() : "");
  if (identifier === "id") return text("id");
  if (identifier === "email") return text("email").toLowerCase();
  const first = text("firstName");
  const last = text("lastName");
  return first === "" && last === "" ? "" : `${first}\u0000${last}`.toLowerCase();
};

const split = (cell: string): string[] =>
  cell
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** One data row, read into the cardholder it describes and the credentials and groups it gives them. */
interface RowResult {
  readonly line: number;
  readonly cardholder: Doc;
  readonly matched: boolean;
  /** Credential kinds the row states (all of the cardholder's of those kinds are replaced), and the credentials. */
  readonly credentialKinds: ReadonlySet<string>;
  readonly credentials: Doc[];
  readonly groups: string[] | undefined;
}

/**
 * Plans an import of `rows` into `current` (the site file's JSON). `newId` names cardholders a row
 * does not give an ID (identified by name or email).
 */
export const planImport = (
  current: Doc,
  rows: ReadonlyArray<CsvRow>,
  options: ImportOptions,
  newId: () => string,
): ImportPlan | ImportIssue[] => {
  const { policy: policyJson, ...siteDoc } = current;
  const policy = (policyJson ?? {}) as Doc;
  const list = (key: string) => ((policy[key] as Doc[] | undefined) ?? []) as Doc[];
  const customFields = (policy["customFields"] as string[] | undefined) ?? [];
  const issues: ImportIssue[] = [];

  const first = rows[0];
  const headerLine = options.header ? (first?.line ?? 1) : 0;
  const names = options.columns ?? (options.header ? (first?.cells ?? []) : undefined);
  if (names === undefined)
    return [{ line: 0, field: "columns", message: "without a header row, give a heading for each column" }];
  const columns = resolveColumns(names, customFields, headerLine, issues);
  const mapped = new Set(columns.flatMap((c) => (c?.kind === "standard" ? [c.name] : [])));
  for (const needed of keyFields[options.identifier])
    if (!mapped.has(needed))
      issues.push({
        line: headerLine,
        field: needed,
        message: `the unique identifier (${options.identifier}) needs a "${needed}" column`,
      });
  if (mapped.has("credentials") && ["cards", "pin", "plates"].some((k) => mapped.has(k as StandardField)))
    issues.push({
      line: headerLine,
      field: "credentials",
      message: `"credentials" states every credential: leave out "cards", "pin" and "plates" beside it`,
    });
  if (issues.length > 0) return issues;

  const existing = options.mode === "new" ? [] : list("cardholders");
  const existingByKey = new Map(existing.map((c) => [keyOf(options.identifier, c), c]));
  const existingIds = new Set(existing.map((c) => c["id"] as string));
  const credentialsOf = new Map<string, Doc[]>();
  for (const c of list("credentials")) {
    const owner = c["cardholderId"] as string;
    credentialsOf.set(owner, [...(credentialsOf.get(owner) ?? []), c]);
  }
  const seenKeys = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const results: RowResult[] = [];
  const photos: PhotoToCheck[] = [];

  for (const row of options.header ? rows.slice(1) : rows) {
    const issue = (field: string, message: string) => issues.push({ line: row.line, field, message });
    if (row.cells.length !== columns.length) {
      issue("row", `has ${row.cells.length} columns; the file's columns are ${columns.length}`);
      continue;
    }
    const values = new Map<string, string>();
    const custom = new Map<string, string>();
    columns.forEach((c, i) => {
      if (c === undefined) return;
      const cell = row.cells[i] ?? "";
      if (c.kind === "custom") custom.set(c.name, cell);
      else values.set(c.name, cell.trim());
    });
    const probe: Doc = Object.fromEntries(values);
    const key = keyOf(options.identifier, probe);
    if (key === "") {
      issue(keyFields[options.identifier].join("+"), "the unique identifier is empty");
      continue;
    }
    const earlier = seenKeys.get(key);
    if (earlier !== undefined) {
      issue(keyFields[options.identifier].join("+"), `the same cardholder as line ${earlier}`);
      continue;
    }
    seenKeys.set(key, row.line);
    const base = existingByKey.get(key);
    if (base !== undefined && options.mode === "add") {
      issue(
        keyFields[options.identifier].join("+"),
        "this cardholder exists already; Add keeps existing cardholders (use Update to change them)",
      );
      continue;
    }
    const cardholder: Doc = base
      ? { ...base }
      : {
          id: "",
          firstName: "",
          lastName: "",
          customFields: [],
          ...Object.fromEntries(FLAG_FIELDS.map((f) => [f, false])),
        };
    const givenId = values.get("id");
    if (base !== undefined && givenId !== undefined && givenId !== "" && givenId !== base["id"])
      issue("id", `a cardholder's ID cannot change (this row's cardholder is "${String(base["id"])}")`);
    if (base === undefined) {
      const id = givenId !== undefined && givenId !== "" ? givenId : newId();
      if (options.identifier !== "id" && existingIds.has(id))
        issue("id", `cardholder ID "${id}" is already in use`);
      cardholder["id"] = id;
    }
    const id = cardholder["id"] as string;
    const earlierId = seenIds.get(id);
    if (earlierId !== undefined) issue("id", `cardholder ID "${id}" is also on line ${earlierId}`);
    seenIds.set(id, row.line);
    for (const [name, value] of values) {
      if (name === "firstName" || name === "lastName") cardholder[name] = value;
      else if (name === "email") {
        if (value === "") delete cardholder[name];
        else cardholder[name] = value;
      } else if (name === "photoPath") {
        if (value === "") delete cardholder[name];
        else {
          // A photo the cardholder already has was checked when it was set: an export re-imported still applies.
          if (value !== base?.["photoPath"]) photos.push({ line: row.line, path: value });
          cardholder[name] = value;
        }
      } else if (FLAGS.has(name)) {
        const v = value.toLowerCase();
        if (TRUE.has(v)) cardholder[name] = true;
        else if (FALSE.has(v)) cardholder[name] = false;
        else issue(name, `"${value}" is not true or false`);
      }
    }
    if (custom.size > 0) {
      // In place, so a cardholder whose values did not change keeps their fields' order.
      const fields = ((cardholder["customFields"] as Doc[] | undefined) ?? []).map((f) => ({ ...f }));
      for (const [name, value] of custom) {
        const at = fields.findIndex((f) => f["name"] === name);
        if (at >= 0) fields[at]!["value"] = value;
        else if (value !== "") fields.push({ name, value });
      }
      cardholder["customFields"] = fields.filter((f) => f["value"] !== "");
    }

    const own = credentialsOf.get(id) ?? [];
    const credentialKinds = new Set<string>();
    const credentials: Doc[] = [];
    const cell = values.get("credentials");
    if (cell !== undefined) {
      for (const k of ["card", "pin", "plate", "mobile"]) credentialKinds.add(k);
      if (cell !== "") {
        let parsed: unknown;
        try {
          parsed = JSON.parse(cell);
        } catch {
          parsed = undefined;
        }
        if (
          !Array.isArray(parsed) ||
          parsed.some((c) => typeof c !== "object" || c === null || Array.isArray(c))
        )
          issue("credentials", "not a JSON array of credentials (as an export writes them)");
        else for (const c of parsed as Doc[]) credentials.push({ ...c, cardholderId: id });
      }
    }
    const cards = values.get("cards");
    if (cards !== undefined) {
      credentialKinds.add("card");
      for (const text of split(cards)) {
        const parsed = parseCardNumber(text, options.cardNumbers);
        if ("error" in parsed) {
          issue("cards", parsed.error);
          continue;
        }
        const kept = own.find(
          (c) => c["kind"] === "card" && c["number"] === parsed.number && c["facilityCode"] === undefined,
        );
        credentials.push(
          kept ?? {
            id: `${id}-card-${parsed.number}`,
            cardholderId: id,
            name: "Card",
            kind: "card",
            number: parsed.number,
          },
        );
      }
    }
    const pin = values.get("pin");
    if (pin !== undefined) {
      credentialKinds.add("pin");
      const kept = own.find((c) => c["kind"] === "pin");
      if (pin !== "")
        credentials.push({
          id: (kept?.["id"] as string | undefined) ?? `${id}-pin`,
          cardholderId: id,
          name: (kept?.["name"] as string | undefined) ?? "PIN",
          kind: "pin",
          pin,
        });
    }
    const plates = values.get("plates");
    if (plates !== undefined) {
      credentialKinds.add("plate");
      for (const text of split(plates)) {
        const plate = normalisePlate(text);
        const kept = own.find((c) => c["kind"] === "plate" && c["plate"] === plate);
        credentials.push(
          kept ?? { id: `${id}-plate-${plate}`, cardholderId: id, name: "Plate", kind: "plate", plate },
        );
      }
    }
    const groupsCell = values.get("groups");
    results.push({
      line: row.line,
      cardholder,
      matched: base !== undefined,
      credentialKinds,
      credentials,
      groups: groupsCell === undefined ? undefined : split(groupsCell),
    });
  }
  if (issues.length > 0) return issues;
  return { ...assemble(siteDoc, policy, list, results, options), photos };
};

/** The site file with the rows' cardholders, credentials and group memberships in place. */
const assemble = (
  siteDoc: Doc,
  policy: Doc,
  list: (key: string) => Doc[],
  results: ReadonlyArray<RowResult>,
  options: ImportOptions,
): Omit<ImportPlan, "photos"> => {
  const fresh = options.mode === "new";
  const byId = new Map(results.map((r) => [r.cardholder["id"] as string, r]));
  const cardholderLines: number[] = [];
  const cardholders: Doc[] = [];
  const removed = fresh ? list("cardholders").length : 0;
  if (!fresh)
    for (const c of list("cardholders")) {
      const r = byId.get(c["id"] as string);
      cardholders.push(r?.matched ? r.cardholder : c);
      cardholderLines.push(r?.matched ? r.line : 0);
    }
  for (const r of results)
    if (!r.matched) {
      cardholders.push(r.cardholder);
      cardholderLines.push(r.line);
    }

  // Credentials keep their place when a row restates them, so an unchanged import changes nothing.
  const credentialLines: number[] = [];
  const credentials: Doc[] = [];
  const stated = new Map<string, { doc: Doc; line: number }>();
  for (const r of results)
    for (const c of r.credentials) stated.set(String(c["id"]), { doc: c, line: r.line });
  if (!fresh)
    for (const c of list("credentials")) {
      const r = byId.get(c["cardholderId"] as string);
      const restated = stated.get(String(c["id"]));
      if (restated !== undefined && restated.doc["cardholderId"] === c["cardholderId"]) {
        credentials.push(restated.doc);
        credentialLines.push(restated.line);
        stated.delete(String(c["id"]));
      } else if (r === undefined || !r.credentialKinds.has(String(c["kind"]))) {
        credentials.push(c);
        credentialLines.push(0);
      }
    }
  for (const { doc, line } of stated.values()) {
    credentials.push(doc);
    credentialLines.push(line);
  }

  const present = new Set(cardholders.map((c) => c["id"] as string));
  const groupLines: number[] = [];
  type GroupDoc = Doc & { members: string[] };
  const groups: GroupDoc[] = list("groups").map((g) => ({
    ...g,
    members: ((g["members"] as string[] | undefined) ?? []).filter((m) => present.has(m)),
  }));
  const groupByName = new Map<string, Doc>();
  for (const g of groups) groupByName.set(String(g["name"]), g);
  for (const g of groups) if (!groupByName.has(String(g["id"]))) groupByName.set(String(g["id"]), g);
  groups.forEach(() => groupLines.push(0));
  const listed = new Map<string, Set<string>>();
  for (const r of results) {
    if (r.groups === undefined) continue;
    const id = r.cardholder["id"] as string;
    for (const name of r.groups) {
      let group = groupByName.get(name);
      if (group === undefined) {
        const created: GroupDoc = { id: name, name, members: [] };
        group = created;
        groupByName.set(name, created);
        groups.push(created);
        groupLines.push(r.line);
      }
      const gid = String(group["id"]);
      listed.set(gid, (listed.get(gid) ?? new Set()).add(id));
    }
  }
  const stating = new Set(
    results.filter((r) => r.groups !== undefined).map((r) => r.cardholder["id"] as string),
  );
  for (const g of groups) {
    const mine = listed.get(String(g["id"])) ?? new Set<string>();
    const members = g.members.filter((m) => !stating.has(m) || mine.has(m));
    const kept = new Set(members);
    for (const m of mine) if (!kept.has(m)) members.push(m);
    g.members = members;
  }
  const rules = list("rules").map((r) => {
    const named = (r["cardholders"] as string[] | undefined) ?? [];
    return named.every((c) => present.has(c))
      ? r
      : { ...r, cardholders: named.filter((c) => present.has(c)) };
  });

  const lines: Record<string, number[]> = {
    cardholders: cardholderLines,
    credentials: credentialLines,
    groups: groupLines,
  };
  return {
    file: { ...siteDoc, policy: { ...policy, cardholders, credentials, groups, rules } },
    added: results.filter((r) => !r.matched).length,
    updated: results.filter((r) => r.matched).length,
    removed,
    lineOf: (field) => {
      const match = /^policy\.(cardholders|credentials|groups)\[(\d+)\]/.exec(field);
      return match === null ? 0 : (lines[match[1]!]?.[Number(match[2])] ?? 0);
    },
  };
};
