import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { stripeAccounts } from "@/db/schema";
import { createClass } from "@/lib/classes/classes";
import { ForbiddenError } from "@/lib/core/errors";
import { archivePlan } from "@/lib/plans/plans";
import { makeStudio } from "@/test/support/fixtures";
import { registerVerifiedMember } from "@/test/support/identity";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { getOnboarding } from "./onboarding";

describe("the new studio's checklist", () => {
  it("each step is done when the studio's data says so, and only for this studio", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const owner = await s.owner();
    expect(await getOnboarding(owner)).toEqual({
      plan: false,
      class: false,
      instructor: false,
      portal: false,
      payments: false,
    });

    const plan = await makePlan(owner, PLANS.pack());
    await createClass(owner, { title: "Flow", capacity: 10, durationMinutes: 60 });
    await s.instructor();
    // A client the staff added is not a portal sign-up; one who signed up on the portal is.
    await makeClient(owner, "Walk In");
    expect((await getOnboarding(owner)).portal).toBe(false);
    await registerVerifiedMember(await s.system(), {
      name: "Maja Member",
      email: `maja.${Date.now()}@example.test`,
      password: "member password 1",
    });
    const db = await getDb();
    await db
      .insert(stripeAccounts)
      .values({ studioId: s.studio.id, accountId: `acct_${Date.now()}`, chargesEnabled: false });
    expect(await getOnboarding(owner)).toEqual({
      plan: true,
      class: true,
      instructor: true,
      portal: true,
      payments: false,
    });
    expect(await getOnboarding(await other.owner())).toEqual({
      plan: false,
      class: false,
      instructor: false,
      portal: false,
      payments: false,
    });

    // An archived plan does not count.
    await archivePlan(owner, plan.id);
    expect((await getOnboarding(owner)).plan).toBe(false);
  });

  it("T2: only those who manage the studio's settings read it", async () => {
    const s = await makeStudio();
    await expect(getOnboarding(await s.instructor())).rejects.toBeInstanceOf(ForbiddenError);
  });
});
