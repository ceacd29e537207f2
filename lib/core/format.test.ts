import { describe, expect, it } from "vitest";
import { plural, pluralNoun } from "./format";

describe("plural", () => {
  it("chooses the noun's form by Intl.PluralRules", () => {
    expect(plural(1, "session")).toBe("1 session");
    expect(plural(0, "session")).toBe("0 sessions");
    expect(plural(2, "session")).toBe("2 sessions");
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(1200, "person", "people")).toBe("1,200 people");
    expect(pluralNoun(1, "session")).toBe("session");
    expect(pluralNoun(3, "session")).toBe("sessions");
  });
});
