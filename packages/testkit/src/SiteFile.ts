/** The site-file format (DESIGN §8 `--config`) as a type, so generators and scenarios are checked against it. */
import type { CredentialInput, PolicyConfigInput, SiteConfigInput } from "@portcullis/engine";

/** A credential as written in a site file: card numbers as decimal strings, PINs plain or tagged. */
export type CredentialFileInput = typeof CredentialInput.Encoded;

/** A site file: the site configuration plus its `policy` (people and rules), before validation. */
export type SiteFile = SiteConfigInput & {
  readonly policy?: Omit<PolicyConfigInput, "credentials"> & {
    readonly credentials?: ReadonlyArray<CredentialFileInput>;
  };
};
