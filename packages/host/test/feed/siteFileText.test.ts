/** `config.get`'s whole site file, encoded in steps: the same text as encoding it at once, with turns between. */
import { encodePolicy, SiteConfig, validateSiteFile } from "@portcullis/engine";
import { hmacPinHasher, referenceSite } from "@portcullis/testkit";
import { Either, Schema } from "effect";
import { describe, expect, it } from "vitest";
import { siteFileText } from "../../src/feed/siteFileText";

const valid = (doors: number, cardholders: number) =>
  Either.getOrThrow(validateSiteFile(referenceSite({ doors, cardholders }), hmacPinHasher()));

const hidden = ({ number: _n, ...rest }: Record<string, unknown>) => rest;

describe("siteFileText", () => {
  it("writes what Schema writes for the site, and the people with their defaults left out", async () => {
    const { site, policy } = valid(600, 1_500);
    const text = JSON.parse((await siteFileText(site, policy, "viewer", hidden)).text) as {
      policy: {
        cardholders: Array<Record<string, unknown>>;
        credentials: Array<Record<string, unknown>>;
        groups: unknown;
      };
    };
    const { policy: people, ...rest } = text;
    expect(rest).toEqual(Schema.encodeSync(SiteConfig)(site));
    const plain = encodePolicy(policy) as unknown as typeof people;
    expect(people.cardholders.map((c) => c["id"])).toEqual(plain.cardholders.map((c) => c["id"]));
    expect(people.credentials).toHaveLength(plain.credentials.length);
    expect(people.credentials.every((c) => !("number" in c))).toBe(true);
    expect(Object.keys(people)).toEqual(Object.keys(plain));
    expect(JSON.stringify(people.groups)).toBe(JSON.stringify(plain.groups));
  });

  it("lets other work run between its steps, and shares one encoding among requests", async () => {
    const { site, policy } = valid(3_000, 5_000);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const [a, b] = await Promise.all([
      siteFileText(site, policy, "admin", (c) => c),
      siteFileText(site, policy, "admin", (c) => c),
    ]);
    counting = false;
    expect(a.text).toBe(b.text);
    // 6 000 controllers and doors and 10 000 people at 250 a step: dozens of turns, not one.
    expect(turns).toBeGreaterThan(20);
  });
});
