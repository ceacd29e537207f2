import { describe, expect, it } from "vitest";
import { MAX_CENTS, Money, MoneyText, parseMoney } from "./validation";

describe("Money: one type and one grammar for money (STYLE Dec 2026 #3)", () => {
  it("reads major units with a point or a comma, and spaces, the same way", () => {
    expect(parseMoney("60")).toBe(6000);
    expect(parseMoney("60.5")).toBe(6050);
    expect(parseMoney("60,5")).toBe(6050);
    expect(parseMoney("60,50")).toBe(6050);
    expect(parseMoney("60.50")).toBe(6050);
    expect(parseMoney(" 1 200,00 ")).toBe(120000);
    expect(parseMoney("1\u00a0200.05")).toBe(120005);
    expect(parseMoney("0")).toBe(0);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "-5", "+5", "5.", ".5", "5.123", "1,200.00", "12e3", "abc", "5 EUR", "1234567890"]) {
      expect(parseMoney(bad), bad).toBeNull();
    }
  });

  it("Money is whole, non-negative cents within the cap (inside int4)", () => {
    expect(MAX_CENTS).toBeLessThanOrEqual(2_147_483_647);
    expect(Money.safeParse(0).success).toBe(true);
    expect(Money.safeParse(MAX_CENTS).success).toBe(true);
    expect(Money.safeParse(MAX_CENTS + 1).success).toBe(false);
    expect(Money.safeParse(-1).success).toBe(false);
    expect(Money.safeParse(1.5).success).toBe(false);
    expect(Money.safeParse("60").success).toBe(false);
  });

  it("MoneyText reads a form's text with the same grammar and checks it as Money", () => {
    expect(MoneyText.parse("60,50")).toBe(6050);
    expect(MoneyText.parse(6050)).toBe(6050);
    expect(MoneyText.safeParse("twelve").error?.issues[0]?.message).toBe("Enter an amount such as 12.50.");
    expect(MoneyText.safeParse("99999999").success).toBe(false);
  });
});
