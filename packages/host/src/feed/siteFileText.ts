/**
 * The whole site file's JSON text for `config.get`. Every console reads it at sign-in and after each
 * change, and at 10 000 doors and 100 000 cardholders encoding it takes more than a second of the
 * host's one thread: it is encoded a few hundred doors or people at a time, with a turn of the event
 * loop between, so cards presented meanwhile are decided on time. Each part is kept by the object it
 * comes from (the site replaces its `config` or its `policy` on every change), so a cardholder's edit
 * re-encodes the people only, and requests during an encoding share it.
 */
import {
  Controller,
  Door,
  encodeCardholder,
  encodeCredential,
  encodePolicy,
  type Policy,
  SiteConfig,
} from "@portcullis/engine";
import { Schema } from "effect";
import type { TokenRole } from "../store";
import { nextTurn } from "../runtime/nextTurn";
import { JsonText } from "./ServerMessage";

type Doc = Record<string, unknown>;

/** Items encoded between two turns of the event loop: a few milliseconds of work. */
const STEP = 250;

/** `items` encoded by `encode` as a JSON array's text, STEP at a time with a turn between. */
const listText = async <A>(items: ReadonlyArray<A>, encode: (a: A) => unknown): Promise<string> => {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i += STEP) {
    if (i > 0) await nextTurn();
    for (const item of items.slice(i, i + STEP)) parts.push(JSON.stringify(encode(item)));
  }
  return `[${parts.join(",")}]`;
};

/**
 * `shell` as JSON text with the lists' texts in their places: written around placeholders, so the
 * lists keep the shell's key order (a marker holds NULs, which no configured text does).
 */
const withLists = (shell: Doc, lists: Readonly<Record<string, string>>): string => {
  const marker = (key: string) => `\u0000portcullis:${key}\u0000`;
  let text = JSON.stringify({
    ...shell,
    ...Object.fromEntries(Object.keys(lists).map((k) => [k, marker(k)])),
  });
  for (const [key, list] of Object.entries(lists))
    text = text.replace(JSON.stringify(marker(key)), () => list);
  return text;
};

const encodeShell = Schema.encodeSync(SiteConfig);
const encodeController = Schema.encodeSync(Controller);
const encodeDoor = Schema.encodeSync(Door);

/** The site (all but the people) as `Schema.encode(SiteConfig)` writes it, its two long lists in steps. */
const siteText = async (config: SiteConfig): Promise<string> =>
  withLists(encodeShell({ ...config, controllers: [], doors: [] }) as Doc, {
    controllers: await listText(config.controllers, encodeController),
    doors: await listText(config.doors, encodeDoor),
  });

/** A cardholder without the fields at their defaults (every flag false, no custom fields). */
const leanCardholder = (c: Doc): Doc =>
  Object.fromEntries(
    Object.entries(c).filter(
      ([key, v]) => v !== false && !(key === "customFields" && (v as unknown[]).length === 0),
    ),
  );

/** A credential without its default validity (from always to never). */
const leanCredential = (c: Doc): Doc => {
  const validity = c["validity"] as { validFrom?: unknown; validTo?: { kind: string } } | undefined;
  if (validity?.validFrom !== undefined || validity?.validTo?.kind !== "none") return c;
  const { validity: _validity, ...rest } = c;
  return rest;
};

/** The people as one would write them by hand, defaults left out (35 MB instead of 53 MB at 100 000 cardholders). */
const peopleText = async (policy: Policy, redact: (credential: Doc) => Doc): Promise<string> => {
  // A group's members are ids, written as they are: Schema's walk over 100 000 of them is a long stall.
  const shell = encodePolicy({
    ...policy,
    cardholders: [],
    credentials: [],
    groups: policy.groups.map((g) => ({ ...g, members: [] })),
  }) as Doc;
  const groups = (shell["groups"] as Doc[]).map((g, i) => ({ ...g, members: policy.groups[i]!.members }));
  return withLists(
    { ...shell, groups },
    {
      cardholders: await listText(policy.cardholders, (c) => leanCardholder(encodeCardholder(c))),
      credentials: await listText(policy.credentials, (c) => leanCredential(redact(encodeCredential(c)))),
    },
  );
};

const siteTexts = new WeakMap<SiteConfig, Promise<string>>();
const peopleTexts = new WeakMap<Policy, Map<TokenRole, Promise<string>>>();

/** The site file's text as `role` may read it; `redact` hides what the role may not see of a credential. */
export const siteFileText = async (
  config: SiteConfig,
  policy: Policy,
  role: TokenRole,
  redact: (credential: Doc) => Doc,
): Promise<JsonText> => {
  let site = siteTexts.get(config);
  if (site === undefined) siteTexts.set(config, (site = siteText(config)));
  const byRole = peopleTexts.get(policy) ?? new Map<TokenRole, Promise<string>>();
  peopleTexts.set(policy, byRole);
  let people = byRole.get(role);
  if (people === undefined) byRole.set(role, (people = peopleText(policy, redact)));
  const [siteJson, peopleJson] = await Promise.all([site, people]);
  return new JsonText(`${siteJson.slice(0, -1)},"policy":${peopleJson}}`);
};
