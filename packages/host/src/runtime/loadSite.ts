/**
 * Which site a host starts: the stored one (the source of truth once a site runs, runtime changes
 * included), with what the `--config` file changed since it was last seen applied entity by entity.
 */
import { siteCardFormatSupport } from "@portcullis/protocols";
import {
  type ConfigError,
  type PinHasher,
  siteFileJson,
  type ValidSiteFile,
  validateSiteFile,
} from "@portcullis/engine";
import { Either } from "effect";
import type { Store } from "../store";
import { describeEntity, mergeSiteFile, type SiteEntityChange, type SiteFileJson } from "./siteFileMerge";

/** The site file could not be used: it names the field. */
export class HostConfigError extends Error {
  constructor(
    readonly error: ConfigError,
    context = "invalid site configuration",
  ) {
    super(`${context}: ${error.message}`);
  }
}

/** The `--config` file changed entities that were also changed at runtime, differently. */
export class SiteFileConflictError extends Error {
  constructor(readonly entities: ReadonlyArray<string>) {
    const listed =
      entities.slice(0, 5).join(", ") + (entities.length > 5 ? ` and ${entities.length - 5} more` : "");
    super(
      `the --config file changes ${listed}, which ${entities.length === 1 ? "was" : "were"} also changed ` +
        "at runtime; the stored configuration is kept — edit the file to match it, or start with " +
        "--config-wins to let the file's version replace the runtime change",
    );
  }
}

/** The `--config` file as given to `start`. */
export interface GivenSiteFile {
  /** The parsed file (the site, without `devices`). */
  readonly file: unknown;
  /** A cheap identity of the file's text (a hash): unchanged, the file needs no validation. */
  readonly source: string;
  /** Let the file's changes replace conflicting runtime changes (`--config-wins`). */
  readonly configWins?: boolean;
}

/** The site to start and how a changed file changed it. */
export interface LoadedSite {
  readonly file: ValidSiteFile;
  /** What the file changed in the stored site: journal a `ConfigChanged` for each. */
  readonly changes: ReadonlyArray<SiteEntityChange>;
  /** Stores the site (if the file changed it), the file as seen and its source; call once the changes are journalled. */
  readonly save: () => Promise<void>;
}

/** Document names in `site_documents`. */
const SOURCE_DOCUMENT = "site-source";
const FILE_DOCUMENT = "site-file";

/** Who changed what the `--config` file changed. */
export const CONFIG_FILE = "config file";

/**
 * The `--config` file the stored site was last started with, as `start` gave it: starting a host
 * with it resumes the stored site as it is (the CLI's `import` does, on a stopped host's directory).
 */
export const lastGivenSiteFile = async (store: Store): Promise<GivenSiteFile | undefined> => {
  const [source, seen] = await Promise.all([
    store.siteDocuments.get(SOURCE_DOCUMENT),
    store.siteDocuments.get(FILE_DOCUMENT),
  ]);
  return source === undefined || seen === undefined
    ? undefined
    : { file: seen.value, source: String(source.value) };
};

/**
 * The site to start. An unchanged file (same source) resumes the stored site without validating
 * anything — for 100 000 cardholders that would cost seconds. A changed file is validated, then
 * merged into the stored site (see `mergeSiteFile`); a conflict with a runtime change throws
 * `SiteFileConflictError` unless `configWins`.
 */
export const loadSite = async (
  store: Store,
  given: GivenSiteFile,
  hasher: PinHasher,
): Promise<LoadedSite> => {
  const docs = store.siteDocuments;
  const [stored, source, seen] = await Promise.all([
    store.site.load(),
    docs.get(SOURCE_DOCUMENT),
    docs.get(FILE_DOCUMENT),
  ]);
  const storedFile = stored && ({ ...stored, warnings: [] } satisfies ValidSiteFile);
  const sameSource = source?.value === given.source;
  if (storedFile !== undefined && sameSource && seen !== undefined)
    return { file: storedFile, changes: [], save: async () => {} };

  const validated = validateSiteFile(given.file, hasher, siteCardFormatSupport);
  if (Either.isLeft(validated)) throw new HostConfigError(validated.left);
  const fileJson = siteFileJson(validated.right.site, validated.right.policy);
  /** Stores the site: whole on a first start, else the entities the file changed. */
  const remember = async (
    site: ValidSiteFile | undefined,
    changes: ReadonlyArray<SiteEntityChange> | "all" = "all",
  ): Promise<void> => {
    if (site !== undefined)
      await (changes === "all" ? store.site.replace(site) : store.site.write(site, changes, CONFIG_FILE));
    await docs.put(fileJson, { name: FILE_DOCUMENT });
    await docs.put(given.source, { name: SOURCE_DOCUMENT });
  };
  if (storedFile === undefined)
    return { file: validated.right, changes: [], save: () => remember(validated.right) };

  const merge = mergeSiteFile({
    stored: siteFileJson(storedFile.site, storedFile.policy),
    // A store from before the file was kept knows its source only: the same source is the same file.
    lastSeen: (seen?.value as SiteFileJson | undefined) ?? (sameSource ? fileJson : undefined),
    file: fileJson,
    configWins: given.configWins === true,
  });
  if (!merge.ok) throw new SiteFileConflictError(merge.conflict.conflicts.map(describeEntity));
  if (merge.merge.changes.length === 0)
    return { file: storedFile, changes: [], save: () => remember(undefined) };
  const merged = validateSiteFile(merge.merge.merged, hasher, siteCardFormatSupport);
  if (Either.isLeft(merged))
    throw new HostConfigError(merged.left, "the --config file's changes do not fit the stored configuration");
  return {
    file: merged.right,
    changes: merge.merge.changes,
    save: () => remember(merged.right, merge.merge.changes),
  };
};
