import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { previewImport, runImport } from "./index";

const T0 = new Date("2026-03-02T09:00:00Z");
const csv = (...lines: string[]) => lines.join("\n");

describe("import warnings", () => {
  it("M10: more sessions left than the pack holds is a warning, not an error: listed in the preview, imported as given", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(10, 90));
    const file = csv(
      "email,name,startsAt,sessionsRemaining",
      "ana@example.test,Ana,2026-03-01,15", // 2: more than 10
      "ben@example.test,Ben,2026-03-01,10", // 3: a full pack
      "cy@example.test,Cy,2026-03-01,", // 4: the plan's size
      "dee@example.test,Dee,2026-03-01,1", // 5
    );
    const preview = await previewImport(ctx, { planId: plan.id, format: "csv", source: file });
    expect(preview).toMatchObject({ valid: 4, invalid: 0, errors: [] });
    expect(preview.warnings).toEqual([
      {
        row: 2,
        field: "sessionsRemaining",
        message:
          "15 sessions left is more than the 10 sessions the pack holds. Imported as given: check the file if that is a mistake.",
      },
    ]);

    const result = await runImport(ctx, { planId: plan.id, format: "csv", source: file });
    expect(result).toMatchObject({ imported: 4, warnings: [{ row: 2 }] });
  });

  it("M10: plans without a count never warn", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const preview = await previewImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,startsAt", "ana@example.test,2026-03-01"),
    });
    expect(preview.warnings).toEqual([]);
  });
});
