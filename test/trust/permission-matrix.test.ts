import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import type { StaffRole } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { markAttendance } from "@/lib/bookings/attendance";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelSeries, cancelSession } from "@/lib/bookings/cancel-session";
import { cancelPreview } from "@/lib/bookings/cancel-booking";
import { checkIn } from "@/lib/checkins/check-in";
import { createClass, listClasses, updateClass } from "@/lib/classes/classes";
import { updateSession } from "@/lib/classes/edit-session";
import { listDuePayments } from "@/lib/payments/due-payments";
import { getClient } from "@/lib/clients/get-client";
import { eraseClient } from "@/lib/clients/erase-client";
import { updateClient } from "@/lib/clients/update-client";
import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError } from "@/lib/core/errors";
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "@/lib/core/permissions";
import { exportClientsCsv } from "@/lib/crm/export-clients";
import { createForm, listHealthAnswers, publishFormVersion, signForm } from "@/lib/forms";
import { listClients } from "@/lib/crm/list-clients";
import { messageClients } from "@/lib/crm/message-clients";
import { addNote } from "@/lib/crm/notes";
import { getStudioTotals } from "@/lib/crm/studio-totals";
import { getReportSummary } from "@/lib/reports";
import { getEmbedSecret, rotateEmbedSecret } from "@/lib/embed/embed";
import { listMessages } from "@/lib/mail/list-messages";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { adjustMembership } from "@/lib/memberships/change-membership";
import { getMembership } from "@/lib/memberships/membership-reads";
import { markPaymentPaid, refundPayment } from "@/lib/payments/payments";
import { waiveFee } from "@/lib/payments/waive-fee";
import { findStripePayment } from "@/lib/payments/stripe-payments";
import { updatePlan } from "@/lib/plans/plans";
import { createPromoCode, deactivatePromoCode, listPromoCodes } from "@/lib/offers/promo-codes";
import { refreshStripeAccount } from "@/lib/stripe/connect";
import { updateStudioSettings } from "@/lib/studios/settings";
import { changeStaffRole, inviteStaff, listInvitations } from "@/lib/team/team";
import { uniqueEmail } from "@/test/support/fixtures";
import { ROOT } from "./server-actions";
import { makeWorld, type World } from "./world";

/**
 * T2: the role → permission table (lib/core/permissions.ts), enumerated over
 * the verbs. For each permission, verbs that demand it are called as each staff
 * role: a role without it is refused (403 forbidden), a role with it is not
 * (the verb may still refuse for other reasons: a rule, a missing row). Every
 * call runs in a transaction that is rolled back, so the calls do not meet.
 */
type Verb = {
  name: string;
  permission: Exclude<Permission, `${string}.own`>;
  call: (ctx: Ctx, w: World) => Promise<unknown>;
};

const BASE = { origin: "http://roster.test" };
const VERBS: Verb[] = [
  { name: "getClient", permission: "clients.read", call: (c, w) => getClient(c, w.ids.client) },
  { name: "listClients", permission: "clients.read", call: (c) => listClients(c, {}) },
  {
    name: "updateClient",
    permission: "clients.write",
    call: (c, w) => updateClient(c, w.ids.client, { name: "Vic Victim" }),
  },
  {
    name: "addNote",
    permission: "notes.write",
    call: (c, w) => addNote(c, { clientId: w.ids.client, body: "T2", shared: true }),
  },
  {
    name: "messageClients",
    permission: "messages.send",
    call: (c, w) => messageClients(c, { clientIds: [w.ids.client], subject: "Hi", body: "T2" }),
  },
  { name: "getMembership", permission: "memberships.read", call: (c, w) => getMembership(c, w.ids.membership) },
  {
    name: "assignMembership",
    permission: "memberships.sell",
    call: (c, w) => assignMembership(c, { planId: w.ids.plan, clientId: w.ids.client, paymentMethod: "cash" }),
  },
  {
    name: "adjustMembership",
    permission: "memberships.sell",
    call: (c, w) => adjustMembership(c, w.ids.membership, { sessionsDelta: 1, reason: "T2" }),
  },
  {
    name: "markPaymentPaid",
    permission: "payments.take",
    call: (c, w) => markPaymentPaid(c, w.ids.duePayment, { method: "cash" }),
  },
  { name: "listDuePayments (O3)", permission: "payments.take", call: (c) => listDuePayments(c, {}) },
  {
    name: "refundPayment",
    permission: "payments.refund",
    call: (c, w) => refundPayment(c, w.ids.payment, { amountCents: 1, reason: "T2" }),
  },
  // B9: the world's payment is no fee, so the allowed roles reach the rule (not_a_fee) past the permission.
  { name: "waiveFee (B9)", permission: "payments.refund", call: (c, w) => waiveFee(c, w.ids.payment) },
  { name: "updatePlan", permission: "plans.manage", call: (c, w) => updatePlan(c, w.ids.plan, { name: "Ten pack" }) },
  {
    name: "createPromoCode (M12)",
    permission: "plans.manage",
    call: (c, w) => createPromoCode(c, { code: "T2CODE", percentOff: 5, planIds: [w.ids.plan] }),
  },
  { name: "listPromoCodes (M12)", permission: "plans.manage", call: (c) => listPromoCodes(c) },
  {
    name: "deactivatePromoCode (M12)",
    permission: "plans.manage",
    call: (c, w) => deactivatePromoCode(c, w.ids.promoCode),
  },
  { name: "listClasses", permission: "schedule.read", call: (c) => listClasses(c) },
  {
    name: "createClass",
    permission: "schedule.manage",
    call: (c) => createClass(c, { title: "T2", capacity: 5, durationMinutes: 60 }),
  },
  { name: "cancelSession", permission: "schedule.manage", call: (c, w) => cancelSession(c, w.ids.openSession, {}) },
  {
    name: "updateSession (O1)",
    permission: "schedule.manage",
    call: (c, w) => updateSession(c, w.ids.openSession, { location: "Room 2" }),
  },
  {
    name: "cancelSeries (O1)",
    permission: "schedule.manage",
    call: (c, w) => cancelSeries(c, w.ids.class, { from: c.now.toISOString().slice(0, 10) }),
  },
  {
    name: "updateClass (O1)",
    permission: "schedule.manage",
    call: (c, w) => updateClass(c, w.ids.class, { title: "T2", archived: false }),
  },
  {
    name: "bookSession (staff)",
    permission: "bookings.manage",
    call: (c, w) => bookSession(c, { sessionId: w.ids.openSession, clientId: w.ids.client, by: "staff" }),
  },
  {
    name: "markAttendance",
    permission: "attendance.mark",
    call: (c, w) => markAttendance(c, w.ids.booking, { present: true }),
  },
  {
    // O2, T3: the world's sessions name no instructor, so the instructor's ".own" form does not reach them.
    name: "checkIn",
    permission: "attendance.mark",
    call: (c, w) => checkIn(c, { clientId: w.ids.client, sessionId: w.ids.openSession }),
  },
  {
    name: "cancelPreview (staff)",
    permission: "bookings.manage",
    call: (c, w) => cancelPreview(c, w.ids.booking),
  },
  {
    name: "getStudioTotals (revenue)",
    permission: "reports.revenue",
    call: async (c) => {
      // The totals are everyone's; the revenue figure only with the permission.
      if ((await getStudioTotals(c)).revenue === null) throw new ForbiddenError();
    },
  },
  { name: "getReportSummary", permission: "reports.view", call: (c) => getReportSummary(c, {}) },
  {
    name: "listClients (a report figure's people)",
    permission: "reports.view",
    call: (c) => listClients(c, { figure: "atRisk" }),
  },
  { name: "exportClientsCsv", permission: "exports", call: (c) => exportClientsCsv(c, {}) },
  {
    name: "updateStudioSettings",
    permission: "settings",
    call: (c) => updateStudioSettings(c, { lateCancelHours: 0 }),
  },
  { name: "listMessages", permission: "settings", call: (c) => listMessages(c) },
  {
    name: "inviteStaff (instructor)",
    permission: "team.manage",
    call: (c) => inviteStaff(c, { email: uniqueEmail("t2"), role: "instructor" }, BASE),
  },
  { name: "listInvitations", permission: "team.manage", call: (c) => listInvitations(c) },
  {
    name: "changeStaffRole (instructor → front desk)",
    permission: "team.manage",
    call: (c, w) => changeStaffRole(c, w.ids.staff, { role: "front_desk" }),
  },
  {
    name: "inviteStaff (owner)",
    permission: "team.owners",
    call: (c) => inviteStaff(c, { email: uniqueEmail("t2"), role: "owner" }, BASE),
  },
  { name: "listApiKeys", permission: "apikeys.manage", call: (c) => listApiKeys(c) },
  { name: "getEmbedSecret", permission: "embed.manage", call: (c) => getEmbedSecret(c) },
  { name: "rotateEmbedSecret", permission: "embed.manage", call: (c) => rotateEmbedSecret(c) },
  { name: "findStripePayment", permission: "stripe.manage", call: (c) => findStripePayment(c, "pi_t2") },
  { name: "refreshStripeAccount", permission: "stripe.manage", call: (c) => refreshStripeAccount(c) },
  { name: "eraseClient", permission: "clients.erase", call: (c, w) => eraseClient(c, { clientId: w.ids.client }) },
  // F1: forms are settings; signing at the desk is the front desk's; health answers are owners' and managers'.
  { name: "createForm", permission: "settings", call: (c) => createForm(c, { title: "T2 waiver", body: "Text." }) },
  {
    name: "publishFormVersion",
    permission: "settings",
    call: (c, w) => publishFormVersion(c, { formId: w.ids.form, title: "T2", body: "New.", resign: "everyone" }),
  },
  {
    name: "signForm (at the desk)",
    permission: "bookings.manage",
    call: (c, w) =>
      signForm(
        c,
        {
          formId: w.ids.form,
          versionId: w.ids.formVersion,
          clientId: w.ids.client,
          fullName: "Vic Victim",
          agree: true,
        },
        { ipAddress: null, userAgent: null },
      ),
  },
  { name: "listHealthAnswers", permission: "forms.health", call: (c, w) => listHealthAnswers(c, w.ids.client) },
];

const ROLES: StaffRole[] = ["owner", "manager", "front_desk", "instructor"];
const ROLLBACK = new Error("rollback");

let w: World;
let db: Db;
const users: Record<StaffRole, string> = { owner: "", manager: "", front_desk: "", instructor: "" };

beforeAll(async () => {
  w = await makeWorld("Tau Studio");
  db = await getDb();
  Object.assign(users, {
    owner: w.ownerUserId,
    manager: w.managerUserId,
    front_desk: w.frontDeskUserId,
    instructor: w.instructorUserId,
  });
}, 120_000);

/** Calls the verb as the role inside a transaction that is always rolled back; says whether it was forbidden. */
async function forbidden(verb: Verb, role: StaffRole): Promise<{ refused: boolean; detail: string }> {
  let outcome: { refused: boolean; detail: string } = { refused: false, detail: "" };
  await db
    .transaction(async (tx) => {
      const ctx: Ctx = {
        db: tx as unknown as Db,
        studio: w.t.studio,
        actor: { kind: "staff", userId: users[role], role },
        now: new Date(),
      };
      try {
        await verb.call(ctx, w);
        outcome = { refused: false, detail: "done" };
      } catch (e) {
        outcome = {
          refused: e instanceof ForbiddenError,
          detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        };
      }
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
  return outcome;
}

describe("T2: the role → permission table, enumerated over the verbs", () => {
  it("T2: every permission a verb demands in lib/ is exercised here, and every permission of the table is", () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
          for (const m of fs.readFileSync(full, "utf8").matchAll(/requirePermission\(\s*\w+,\s*"([a-z.]+)"/g))
            used.add(m[1]!);
        }
      }
    };
    walk(path.join(ROOT, "lib"));
    const tested = new Set(VERBS.map((v) => v.permission));
    expect([...used].filter((p) => !tested.has(p as Verb["permission"]))).toEqual([]);
    expect(PERMISSIONS.filter((p) => !p.endsWith(".own") && !tested.has(p as Verb["permission"]))).toEqual([]);
  });

  it("T2: no verb in lib/ checks a role name any more (requireRole is a deprecated shim)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !full.endsWith(path.join("core", "ctx.ts"))) {
          if (/\brequireRole\(|\bhasOwnerRights\(/.test(fs.readFileSync(full, "utf8")))
            offenders.push(path.relative(ROOT, full));
        }
      }
    };
    walk(path.join(ROOT, "lib"));
    expect(offenders).toEqual([]);
  });

  it.each(VERBS.map((v) => [v.name, v.permission, v] as const))(
    "T2: %s (%s): refused exactly for the roles without it",
    async (_n, permission, verb) => {
      const problems: string[] = [];
      for (const role of ROLES) {
        const holds = ROLE_PERMISSIONS[role].includes(permission);
        const got = await forbidden(verb, role);
        if (holds === got.refused)
          problems.push(`${role} ${holds ? "holds" : "lacks"} ${permission} but got: ${got.detail}`);
      }
      expect(problems).toEqual([]);
    },
  );
});
