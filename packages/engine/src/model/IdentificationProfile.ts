/** Identification profiles: which identification types a door side accepts, and when (seed "Identification profiles"). */
import { Data, Either, Schema } from "effect";

/** An identification type; `rex` is a door input, not a credential: an entry with it only restricts REX. */
export const Factor = Schema.Literal("card", "pin", "plate", "rex");
export type Factor = typeof Factor.Type;

/** One alternative of a side: all its factors are required; without schedules it is always active. */
export const ProfileEntry = Schema.Struct({
  factors: Schema.Array(Factor).pipe(
    Schema.minItems(1),
    Schema.filter((fs) => new Set(fs).size === fs.length || "a factor is listed twice"),
  ),
  schedules: Schema.optionalWith(Schema.Array(Schema.NonEmptyString), { default: () => [] }),
});
export type ProfileEntry = typeof ProfileEntry.Type;

/** An identification profile: alternatives per door side (ONVIF AuthenticationBehavior). */
export const IdentificationProfile = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.String,
  sides: Schema.Struct({ A: Schema.Array(ProfileEntry), B: Schema.Array(ProfileEntry) }),
  /** "Include facility code for card validation"; only while the site's facility-code switch is on. */
  includeFacilityCode: Schema.optionalWith(Schema.Boolean, { default: () => false }),
});
export type IdentificationProfile = typeof IdentificationProfile.Type;

const both = (
  id: string,
  name: string,
  entries: ReadonlyArray<ReadonlyArray<Factor>>,
): IdentificationProfile => {
  const side = entries.map((factors) => ({ factors, schedules: [] }));
  return { id, name, sides: { A: side, B: side }, includeFacilityCode: false };
};

/** The five default profiles, always present; a policy may redefine them under the same ids. */
export const DEFAULT_PROFILES: ReadonlyArray<IdentificationProfile> = [
  both("card", "Card", [["card"]]),
  both("card-and-pin", "Card and PIN", [["card", "pin"]]),
  both("pin", "PIN", [["pin"]]),
  both("card-or-pin", "Card or PIN", [["card"], ["pin"]]),
  both("license-plate", "License plate", [["plate"]]),
];

/** The profile of a door without a door policy. */
export const DEFAULT_PROFILE_ID = "card";

const defaultIds = new Set(DEFAULT_PROFILES.map((p) => p.id));

/** The configured profiles plus every default they do not redefine. */
export const withDefaultProfiles = (
  profiles: ReadonlyArray<IdentificationProfile>,
): ReadonlyArray<IdentificationProfile> => {
  const ids = new Set(profiles.map((p) => p.id));
  return [...DEFAULT_PROFILES.filter((p) => !ids.has(p.id)), ...profiles];
};

/** Why a profile cannot be removed: a door uses it, or it is one of the five defaults. */
export class ProfileRemovalRefused extends Data.TaggedError("ProfileRemovalRefused")<{
  readonly code: "ProfileInUse" | "DefaultProfile";
  readonly profileId: string;
  /** The doors using the profile (empty for a default profile). */
  readonly doorIds: ReadonlyArray<string>;
  readonly message: string;
}> {}

/** What a door says about its profile: one id for both sides, or one per side. */
export interface ProfileUse {
  readonly doorId: string;
  readonly profileId: string | { readonly A: string; readonly B: string };
}

/** Profile ids a door uses, one per side (the same id twice for a single profile). */
export const profileIdsOf = (use: ProfileUse): readonly [string, string] =>
  typeof use.profileId === "string" ? [use.profileId, use.profileId] : [use.profileId.A, use.profileId.B];

/** Removes a profile unless a door uses it (seed: "select another identification profile for the door") or it is a default. */
export const removeProfile = (
  profiles: ReadonlyArray<IdentificationProfile>,
  profileId: string,
  doors: ReadonlyArray<ProfileUse>,
): Either.Either<ReadonlyArray<IdentificationProfile>, ProfileRemovalRefused> => {
  if (defaultIds.has(profileId))
    return Either.left(
      new ProfileRemovalRefused({
        code: "DefaultProfile",
        profileId,
        doorIds: [],
        message: `profile "${profileId}" is a default profile and cannot be removed`,
      }),
    );
  const doorIds = doors.filter((d) => profileIdsOf(d).includes(profileId)).map((d) => d.doorId);
  return doorIds.length > 0
    ? Either.left(
        new ProfileRemovalRefused({
          code: "ProfileInUse",
          profileId,
          doorIds,
          message: `profile "${profileId}" is used by door(s) ${doorIds.join(", ")}`,
        }),
      )
    : Either.right(profiles.filter((p) => p.id !== profileId));
};
