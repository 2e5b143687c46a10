import { describe, expect, it } from "vitest";
import { credentialValidity, type CredentialUsage, type ValidityRule } from "../../src/model/Validity";
import { fromWallClock } from "../../src/time";

const STOCKHOLM = "Europe/Stockholm";
const local = (year: number, month: number, day: number, hour = 10): number =>
  fromWallClock({ year, month, day, hour, minute: 0, second: 0, millisecond: 0 }, STOCKHOLM);
const unused: CredentialUsage = { uses: 0 };
const check = (rule: ValidityRule, usage: CredentialUsage, at: number) =>
  credentialValidity(rule, usage, at, STOCKHOLM);

describe("credentialValidity", () => {
  it("is not active before valid-from, active from it on", () => {
    const rule: ValidityRule = { validFrom: local(2026, 5, 1), validTo: { kind: "none" } };
    expect(check(rule, unused, local(2026, 5, 1) - 1)).toBe("not-active");
    expect(check(rule, unused, local(2026, 5, 1))).toBe("active");
    expect(check(rule, unused, local(2099, 1, 1))).toBe("active");
  });

  it("expires at the valid-to date, exclusive", () => {
    const rule: ValidityRule = {
      validFrom: local(2026, 5, 1),
      validTo: { kind: "date", at: local(2026, 6, 1) },
    };
    expect(check(rule, unused, local(2026, 6, 1) - 1)).toBe("active");
    expect(check(rule, unused, local(2026, 6, 1))).toBe("expired");
    expect(check(rule, unused, local(2026, 4, 1))).toBe("not-active");
  });

  it("runs days from the first use on the wall clock (a 23-hour day at the DST change)", () => {
    const rule: ValidityRule = { validTo: { kind: "first-use", period: { unit: "days", amount: 1 } } };
    expect(check(rule, unused, local(2030, 1, 1))).toBe("active");
    const usage = { firstUse: local(2026, 3, 28, 12), lastUse: local(2026, 3, 29, 9), uses: 2 };
    const end = local(2026, 3, 29, 12);
    expect(end - usage.firstUse).toBe(23 * 3_600_000);
    expect(check(rule, usage, end - 1)).toBe("active");
    expect(check(rule, usage, end)).toBe("expired");
  });

  it("allows N uses, the first one counted", () => {
    const rule: ValidityRule = { validTo: { kind: "uses", count: 3 } };
    const at = local(2026, 5, 1);
    expect(check(rule, unused, at)).toBe("active");
    expect(check(rule, { firstUse: at, lastUse: at, uses: 2 }, at)).toBe("active");
    expect(check(rule, { firstUse: at, lastUse: at, uses: 3 }, at)).toBe("expired");
  });

  it("runs from the last use, which a new use pushes forward", () => {
    const rule: ValidityRule = { validTo: { kind: "last-use", period: { unit: "months", amount: 1 } } };
    const first = local(2026, 1, 10);
    expect(check(rule, { firstUse: first, lastUse: first, uses: 1 }, local(2026, 2, 10))).toBe("expired");
    expect(check(rule, { firstUse: first, lastUse: local(2026, 2, 1), uses: 2 }, local(2026, 2, 10))).toBe(
      "active",
    );
    expect(check(rule, unused, local(2030, 1, 1))).toBe("active");
  });

  it("clamps a month after Jan 31 to the end of February, leap years included", () => {
    const rule: ValidityRule = { validTo: { kind: "first-use", period: { unit: "months", amount: 1 } } };
    const in2026 = { firstUse: local(2026, 1, 31), uses: 1 };
    expect(check(rule, in2026, local(2026, 2, 28) - 1)).toBe("active");
    expect(check(rule, in2026, local(2026, 2, 28))).toBe("expired");
    const in2028 = { firstUse: local(2028, 1, 31), uses: 1 };
    expect(check(rule, in2028, local(2028, 2, 28))).toBe("active");
    expect(check(rule, in2028, local(2028, 2, 29) - 1)).toBe("active");
    expect(check(rule, in2028, local(2028, 2, 29))).toBe("expired");
  });

  it("clamps a year after Feb 29 to Feb 28", () => {
    const rule: ValidityRule = { validTo: { kind: "last-use", period: { unit: "years", amount: 1 } } };
    const usage = { firstUse: local(2028, 2, 29), lastUse: local(2028, 2, 29), uses: 1 };
    expect(check(rule, usage, local(2029, 2, 28) - 1)).toBe("active");
    expect(check(rule, usage, local(2029, 2, 28))).toBe("expired");
  });
});
