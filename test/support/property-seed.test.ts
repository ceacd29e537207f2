import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertySeed } from "./property-seed";

describe("issue 15: property tests draw from one seed per commit", () => {
  it("takes the commit's seed by default, a replayed seed or a fresh draw when asked, and refuses a bad one", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
    expect(propertySeed({})).toBe(Number.parseInt(head.slice(0, 8), 16) | 0);
    expect(propertySeed({ PROPERTY_SEED: "-1234" })).toBe(-1234);
    expect(propertySeed({ PROPERTY_SEED: "random" })).toBeNull();
    expect(() => propertySeed({ PROPERTY_SEED: "abc" })).toThrow(/PROPERTY_SEED/);
  });

  it.skipIf(propertySeed() === null)(
    "is the seed this run's property tests use: the same run draws the same cases",
    () => {
      const draw = () => fc.sample(fc.integer(), 5);
      expect(fc.readConfigureGlobal().seed).toBe(propertySeed());
      expect(draw()).toEqual(draw());
    },
  );
});
