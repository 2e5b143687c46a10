/**
 * The six system configuration reports of the seed manual ("Export system configuration reports"):
 * cardholder details, and access seen from cardholders, groups, rules, doors and zones.
 */
import { type AccessRule, type Credential, missingParts } from "@portcullis/engine";
import type { CredentialUsage } from "../store";
import { type AccessPath, accessPaths, indexSite } from "./accessPaths";
import type { SiteRecord } from "./SiteNames";

/** The reports by name, as the CLI and the WebSocket command take them. */
export const CONFIGURATION_REPORTS = [
  "cardholders-details",
  "cardholders-access",
  "cardholder-group-access",
  "access-rule",
  "door-access",
  "zone-access",
] as const;
export type ConfigurationReportName = (typeof CONFIGURATION_REPORTS)[number];

/** A report as a table: its header and rows of cells. */
export interface ReportTable {
  readonly header: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<ReadonlyArray<string>>;
}

/** What a report reads: the site, and credential use for the cardholder details. */
export interface ReportSource extends SiteRecord {
  readonly usage: ReadonlyMap<string, CredentialUsage>;
}

const iso = (ms: number | undefined): string => (ms === undefined ? "" : new Date(ms).toISOString());

const validTo = (c: Credential): string => {
  if (c.kind !== "card" && c.kind !== "plate") return "";
  const to = c.validity.validTo;
  switch (to.kind) {
    case "none":
      return "";
    case "date":
      return iso(to.at);
    case "uses":
      return `after ${to.count} uses`;
    case "first-use":
      return `${to.period.amount} ${to.period.unit} after first use`;
    case "last-use":
      return `${to.period.amount} ${to.period.unit} after last use`;
  }
};

const credentialValue = (c: Credential): [number: string, facility: string, plate: string] => {
  switch (c.kind) {
    case "card":
      return [c.number.toString(), c.facilityCode?.toString() ?? "", ""];
    case "plate":
      return ["", "", c.plate];
    default:
      return ["", "", ""];
  }
};

/** Seed: "information about the cardholders, credentials, card validation, and last transaction". */
const cardholdersDetails = ({ policy, usage }: ReportSource): ReportTable => {
  // Custom fields are named site-wide (seed "Access management settings"): one column per name.
  const fieldNames = policy.customFields;
  const credentials = new Map<string, Credential[]>();
  for (const c of policy.credentials)
    credentials.set(c.cardholderId, [...(credentials.get(c.cardholderId) ?? []), c]);
  const header = [
    "Cardholder ID",
    "First name",
    "Last name",
    "Email",
    "Status",
    ...fieldNames,
    "Credential",
    "Credential type",
    "Card number",
    "Facility code",
    "License plate",
    "Valid from",
    "Valid to",
    "Uses",
    "First use",
    "Last use",
  ];
  const rows = policy.cardholders.flatMap((ch) => {
    const person = [
      ch.id,
      ch.firstName,
      ch.lastName,
      ch.email ?? "",
      ch.suspended ? "suspended" : "active",
      ...fieldNames.map((name) => ch.customFields.find((f) => f.name === name)?.value ?? ""),
    ];
    const own = credentials.get(ch.id) ?? [];
    if (own.length === 0) return [[...person, ...new Array<string>(11).fill("")]];
    return own.map((c) => {
      const used = usage.get(c.id);
      const from = c.kind === "card" || c.kind === "plate" ? c.validity.validFrom : undefined;
      return [
        ...person,
        c.name,
        c.kind,
        ...credentialValue(c),
        iso(from),
        validTo(c),
        String(used?.uses ?? 0),
        iso(used?.firstUse),
        iso(used?.lastUse),
      ];
    });
  });
  return { header, rows };
};

/** The columns an access report can show, each read off one row of the join. */
const COLUMNS = {
  "Cardholder ID": (p) => p.cardholder?.id ?? "",
  "First name": (p) => p.cardholder?.firstName ?? "",
  "Last name": (p) => p.cardholder?.lastName ?? "",
  "Cardholder group": (p) => p.group?.name ?? "",
  "Access rule": (p) => p.rule?.name ?? "",
  // An incomplete rule grants nothing (seed "Add an access rule"): a report must not suggest it does.
  "Rule status": (p) => {
    if (p.rule === undefined) return "";
    const missing = missingParts(p.rule);
    return missing.length === 0 ? "complete" : `incomplete (no ${missing.join(", no ")})`;
  },
  Schedules: (p, names) => (p.rule?.schedules ?? []).map((s) => names.get(s) ?? s).join("; "),
  Door: (p) => p.door?.name ?? "",
  Zone: (p) => p.zone?.name ?? "",
} satisfies Record<string, (p: Partial<AccessPath>, schedules: ReadonlyMap<string, string>) => string>;
type Column = keyof typeof COLUMNS;

/**
 * An access report led by one kind of entity: every entity in configuration order with the rows of
 * the join that go through it, or a row of its own when none do.
 */
const accessReport = <L extends { readonly id: string }>(
  source: ReportSource,
  leads: ReadonlyArray<L>,
  leadOf: (p: AccessPath) => L | undefined,
  alone: (lead: L) => Partial<AccessPath>,
  columns: ReadonlyArray<Column>,
): ReportTable => {
  const byLead = new Map<string, AccessPath[]>();
  for (const p of accessPaths(source.policy, indexSite(source))) {
    const lead = leadOf(p);
    if (lead !== undefined) byLead.set(lead.id, [...(byLead.get(lead.id) ?? []), p]);
  }
  const schedules = new Map(source.site.schedules.map((s) => [s.id, s.name]));
  const row = (p: Partial<AccessPath>) => columns.map((c) => COLUMNS[c](p, schedules));
  return {
    header: columns,
    rows: leads.flatMap((lead) => (byLead.get(lead.id) ?? [alone(lead)]).map(row)),
  };
};

const PERSON: ReadonlyArray<Column> = ["Cardholder ID", "First name", "Last name"];
const RULE: ReadonlyArray<Column> = ["Access rule", "Rule status", "Schedules"];

const REPORTS: Record<ConfigurationReportName, (source: ReportSource) => ReportTable> = {
  "cardholders-details": cardholdersDetails,
  "cardholders-access": (s) =>
    accessReport(
      s,
      s.policy.cardholders,
      (p) => p.cardholder,
      (cardholder) => ({ cardholder }),
      [...PERSON, "Cardholder group", ...RULE, "Door", "Zone"],
    ),
  "cardholder-group-access": (s) =>
    accessReport(
      s,
      s.policy.groups,
      (p) => p.group,
      (group) => ({ group }),
      ["Cardholder group", ...PERSON, ...RULE, "Door", "Zone"],
    ),
  "access-rule": (s) =>
    accessReport<AccessRule>(
      s,
      s.policy.rules,
      (p) => p.rule,
      (rule) => ({ rule }),
      [...RULE, ...PERSON, "Cardholder group", "Door", "Zone"],
    ),
  "door-access": (s) =>
    accessReport(
      s,
      s.site.doors.filter((d) => d.type === "standard"),
      (p) => p.door,
      (door) => ({ door }),
      ["Door", "Zone", ...RULE, "Cardholder group", ...PERSON],
    ),
  "zone-access": (s) =>
    accessReport(
      s,
      s.policy.zones,
      (p) => p.zone,
      (zone) => ({ zone }),
      ["Zone", "Door", ...RULE, "Cardholder group", ...PERSON],
    ),
};

/** Builds a configuration report from the site as it is configured now. */
export const configurationReport = (name: ConfigurationReportName, source: ReportSource): ReportTable =>
  REPORTS[name](source);
