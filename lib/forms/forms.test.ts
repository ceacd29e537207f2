import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { emailConfirmations, formHealthAnswers, formSignatures, messages } from "@/db/schema";
import * as bookingsRoute from "@/app/api/v1/bookings/route";
import * as clientFormsRoute from "@/app/api/v1/clients/[id]/forms/route";
import * as formsRoute from "@/app/api/v1/forms/route";
import { bookSession } from "@/lib/bookings/book-session";
import { joinWaitlist } from "@/lib/bookings/waitlist";
import { bookHousehold, previewHouseholdBooking } from "@/lib/bookings/household-booking";
import { guestBookingNeedsForm, requestGuestBooking } from "@/lib/bookings/guest-booking";
import { eraseClient } from "@/lib/clients/erase-client";
import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { exportClientsCsv } from "@/lib/crm/export-clients";
import { exportHistoryCsv } from "@/lib/crm/export-history";
import { addParticipant } from "@/lib/households/add-participant";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { mailText } from "@/test/support/mail-text";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { createForm, getForm, listForms, publishFormVersion, setFormRequirements } from "./forms";
import { QuestionsText } from "./form-input";
import { listClientForms, listUnsignedForms, unsignedFormTitles } from "./client-forms";
import { parseMarkdown, sanitizeMarkdown } from "./markdown";
import { needsSignature } from "./required";
import { signForm, type SignFormInput } from "./sign-form";

const T0 = new Date("2026-05-04T08:00:00Z");
const LATER = new Date("2026-05-20T16:00:00Z");
const ORIGIN = { ipAddress: "203.0.113.7", userAgent: "Vitest/1.0" };
const HEALTH = "Asthma-7Q2Z";

async function studioWithWaiver(opts: { for?: "plan" | "class" } = {}) {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const plan = await makePlan(owner, PLANS.monthly({ public: true }));
  const { cls, session } = await makeSession(owner, { startsAt: LATER });
  const form = await createForm(owner, {
    title: "Liability waiver",
    body: "# Waiver\n\nI take part **at my own risk**.\n\n- Tell the teacher about injuries",
    questions: [
      { kind: "yes_no", label: "May we use photos of you?" },
      { kind: "text", label: "Any condition we should know of?", health: true, required: false },
    ],
    requiredFor: opts.for === "plan" ? { planIds: [plan.id] } : opts.for === "class" ? { classIds: [cls.id] } : {},
  });
  return { s, owner, plan, cls, session, form };
}

function member(s: TestStudio, clientId: string, now = T0): Promise<Ctx> {
  return s.ctx({ kind: "member", userId: null, clientId }, now);
}

function signing(form: { id: string; versionId: string }, extra: Partial<SignFormInput> = {}): SignFormInput {
  return {
    formId: form.id,
    versionId: form.versionId,
    fullName: "Ada Lovelace",
    agree: true,
    answers: { q1: "yes" },
    ...extra,
  };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe("forms and waivers (F1)", () => {
  it("F1: the body is kept as sanitized Markdown and parsed into text blocks only (no HTML passes)", () => {
    const raw = 'Hi <script>alert(1)</script><b onclick="x">there</b>\r\n<!-- hidden -->\n\n## Rules\n1. one\n2. two';
    const clean = sanitizeMarkdown(raw);
    expect(clean).not.toMatch(/[<>]/);
    expect(parseMarkdown(clean)).toEqual([
      { kind: "paragraph", lines: [[{ text: "Hi alert(1)there" }]] },
      { kind: "heading", level: 2, content: [{ text: "Rules" }] },
      { kind: "list", ordered: true, items: [[{ text: "one" }], [{ text: "two" }]] },
    ]);
    expect(
      QuestionsText.parse("Yes/no: Pregnant? (health)\nChoice: Level | Beginner | Advanced\nText: Hello (optional)"),
    ).toEqual([
      { kind: "yes_no", label: "Pregnant?", required: true, health: true },
      { kind: "choice", label: "Level", options: ["Beginner", "Advanced"], required: true, health: false },
      { kind: "text", label: "Hello", required: false, health: false },
    ]);
    expect(needsSignature([{ version: 1, resign: "everyone" }], null)).toBe(true);
  });

  it("F1: a required form refuses booking (form_required, carrying the form); signing unlocks it", async () => {
    const { s, session, form } = await studioWithWaiver({ for: "class" });
    const ada = await makeClient(await s.owner(T0), "Ada");
    const me = await member(s, ada.id);
    const refused = await bookSession(me, { sessionId: session.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleError);
    expect(refused).toMatchObject({
      code: "form_required",
      details: { form: { id: form.id, versionId: form.versionId, title: "Liability waiver" } },
    });
    // Staff at the desk are asked too.
    expect(await code(bookSession(await s.owner(T0), { sessionId: session.id, clientId: ada.id }))).toBe(
      "form_required",
    );

    const sig = await signForm(me, signing(form, { answers: { q1: "no" } }), ORIGIN);
    expect(sig).toMatchObject({
      clientId: ada.id,
      signerClientId: ada.id,
      versionId: form.versionId,
      fullName: "Ada Lovelace",
      agreed: true,
      ipAddress: "203.0.113.7",
      userAgent: "Vitest/1.0",
    });
    expect(sig.signedAt).toEqual(T0);
    const booked = await bookSession(me, { sessionId: session.id });
    expect(booked.booking.clientId).toBe(ada.id);

    // The signer's copy is a job in the signing transaction: the exact text, the answers, the name and time.
    const [mail] = await s.ctx().then((c) =>
      c.db
        .select()
        .from(messages)
        .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "form_signed"))),
    );
    expect(mail?.toAddress).toBe(ada.email);
    const text = await mailText(mail);
    expect(text).toContain("at my own risk");
    expect(text).toContain("May we use photos of you? — No");
    expect(text).toContain("Ada Lovelace");
  });

  it("F1: joining a waitlist of a class that needs a form asks for it (a promotion later books as the system)", async () => {
    const { s, owner, form } = await studioWithWaiver();
    const { cls, session } = await makeSession(owner, { startsAt: LATER, capacity: 1 });
    await setFormRequirements(owner, { formId: form.id, classIds: [cls.id] });
    const [ada, bob] = [await makeClient(owner, "Ada"), await makeClient(owner, "Bob")];
    await signForm(await member(s, ada.id), signing(form), ORIGIN);
    await bookSession(await member(s, ada.id), { sessionId: session.id });
    const bobCtx = await member(s, bob.id);
    expect(await code(joinWaitlist(bobCtx, { sessionId: session.id }))).toBe("form_required");
    await signForm(bobCtx, signing(form, { fullName: "Bob Builder" }), ORIGIN);
    expect(await joinWaitlist(bobCtx, { sessionId: session.id })).toMatchObject({ clientId: bob.id });
  });

  it("F1, H1, O4: the household preview names the person who must sign first, before the member confirms", async () => {
    const { s, owner, form, session } = await studioWithWaiver({ for: "class" });
    const ada = await makeClient(owner, "Ada");
    const kuba = await addParticipant(owner, { primaryId: ada.id, name: "Kuba" });
    const asAda = await member(s, ada.id);
    await signForm(asAda, signing(form), ORIGIN);
    const preview = await previewHouseholdBooking(asAda, { sessionId: session.id, clientIds: [ada.id, kuba.id] });
    expect(preview.people.map((p) => (p.ok ? { ok: p.clientId } : { refused: p.clientId, code: p.code }))).toEqual([
      { ok: ada.id },
      { refused: kuba.id, code: "form_required" },
    ]);
    expect(preview.people[1]).toMatchObject({
      message: "As their primary customer, please sign “Liability waiver” first.",
    });
    // What the preview said is what booking does: nobody is booked.
    expect(await code(bookHousehold(asAda, { sessionId: session.id, clientIds: [ada.id, kuba.id] }))).toBe(
      "form_required",
    );
  });

  it("F1: a guest's quick booking of a class that needs a form is refused before anything is held or mailed", async () => {
    const { s, session } = await studioWithWaiver({ for: "class" });
    const visitor = await s.system(T0);
    const asked = requestGuestBooking(
      visitor,
      { sessionId: session.id, name: "Gus Guest", email: "gus@example.test" },
      { origin: "https://roster.example.test" },
    );
    expect(await code(asked)).toBe("form_required");
    const held = await visitor.db.select().from(emailConfirmations).where(eq(emailConfirmations.studioId, s.studio.id));
    expect(held).toEqual([]);
  });

  it("F1: the portal knows beforehand that a guest cannot book a class that needs a form (guestBookingNeedsForm)", async () => {
    const { s, owner, cls } = await studioWithWaiver({ for: "class" });
    const visitor = await s.system(T0);
    expect(await guestBookingNeedsForm(visitor, cls.id)).toBe(true);
    const { cls: other } = await makeSession(owner, { startsAt: LATER });
    expect(await guestBookingNeedsForm(visitor, other.id)).toBe(false);
  });

  it("F1: a required form refuses a purchase (assignMembership, the API) until signed", async () => {
    const { s, plan, form } = await studioWithWaiver({ for: "plan" });
    const ada = await makeClient(await s.owner(T0), "Ada");
    expect(await code(assignMembership(await member(s, ada.id), { planId: plan.id, clientId: ada.id }))).toBe(
      "form_required",
    );
    const key = await keyFor(s);
    const res = await call(formsRoute.GET, { key, path: "/api/v1/forms" });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ id: form.id, version: 1, requiredFor: { planIds: [plan.id] } });
    const { POST: createMembership } = await import("@/app/api/v1/memberships/route");
    const refused = await call(createMembership, {
      key,
      method: "POST",
      path: "/api/v1/memberships",
      body: { planId: plan.id, clientId: ada.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "form_required",
      form: { id: form.id, title: "Liability waiver" },
    });

    // Signed at the desk on the client's behalf: recorded by staff, then the sale goes through.
    const front = await s.staffAs("front_desk", T0);
    const sig = await signForm(front, signing(form, { clientId: ada.id }), ORIGIN);
    expect(sig.recordedByUserId).toBe(front.actor.kind === "staff" ? front.actor.userId : null);
    const { membership } = await assignMembership(await member(s, ada.id), { planId: plan.id, clientId: ada.id });
    expect(membership.clientId).toBe(ada.id);
    // Imports (M10) and the system granting a paid checkout are not asked again.
    const bob = await makeClient(await s.owner(T0), "Bob");
    expect(await code(assignMembership(await s.system(T0), { planId: plan.id, clientId: bob.id }))).toBe("ok");
  });

  it("F1: a new version for 'only new clients' keeps earlier signers; new clients sign the new version", async () => {
    const { s, owner, session, form } = await studioWithWaiver({ for: "class" });
    const ada = await makeClient(owner, "Ada");
    await signForm(await member(s, ada.id), signing(form), ORIGIN);
    const v2 = await publishFormVersion(owner, {
      formId: form.id,
      title: "Liability waiver",
      body: "Updated wording.",
      resign: "new_clients",
    });
    expect(v2.version).toBe(2);
    expect(await code(bookSession(await member(s, ada.id), { sessionId: session.id }))).toBe("ok");

    const bob = await makeClient(owner, "Bob");
    const refused = await bookSession(await member(s, bob.id), { sessionId: session.id }).catch((e: RuleError) => e);
    expect(refused).toMatchObject({ code: "form_required", details: { form: { versionId: v2.versionId } } });
    // Signing the old version is refused once a newer one is out.
    expect(await code(signForm(await member(s, bob.id), signing(form), ORIGIN))).toBe("form_required");
    await signForm(await member(s, bob.id), signing(v2, { answers: {} }), ORIGIN);
    expect(await code(bookSession(await member(s, bob.id), { sessionId: session.id }))).toBe("ok");
  });

  it("F1: a new version for 'everyone' asks every earlier signer again", async () => {
    const { s, owner, session, form } = await studioWithWaiver({ for: "class" });
    const ada = await makeClient(owner, "Ada");
    await signForm(await member(s, ada.id), signing(form), ORIGIN);
    expect(await listUnsignedForms(owner, ada.id)).toEqual([]);
    const v2 = await publishFormVersion(owner, {
      formId: form.id,
      title: "Waiver 2027",
      body: "New.",
      resign: "everyone",
    });
    const refused = await bookSession(await member(s, ada.id), { sessionId: session.id }).catch((e: RuleError) => e);
    expect(refused).toMatchObject({ code: "form_required", details: { form: { versionId: v2.versionId } } });
    expect((refused as RuleError).message).toContain("new version");
    expect((await listUnsignedForms(owner, ada.id)).map((f) => f.title)).toEqual(["Waiver 2027"]);
    expect(await unsignedFormTitles(owner, [ada.id], { classId: session.classId })).toEqual(
      new Map([[ada.id, ["Waiver 2027"]]]),
    );
  });

  it("F1: a participant's form is signed by the primary customer, never by the participant", async () => {
    const { s, owner, session, form } = await studioWithWaiver({ for: "class" });
    const parent = await makeClient(owner, "Parent");
    const child = await addParticipant(owner, { primaryId: parent.id, name: "Kid" });
    const asParent = await member(s, parent.id);
    expect(await code(bookSession(asParent, { sessionId: session.id, clientId: child.id }))).toBe("form_required");
    await expect(signForm(await member(s, child.id), signing(form), ORIGIN)).rejects.toBeInstanceOf(ForbiddenError);
    const sig = await signForm(asParent, signing(form, { clientId: child.id, fullName: "Pat Parent" }), ORIGIN);
    expect(sig).toMatchObject({ clientId: child.id, signerClientId: parent.id });
    expect(await code(bookSession(asParent, { sessionId: session.id, clientId: child.id }))).toBe("ok");
    // A stranger cannot sign for someone else's child.
    const stranger = await makeClient(owner, "Stranger");
    await expect(
      signForm(await member(s, stranger.id), signing(form, { clientId: child.id }), ORIGIN),
    ).rejects.toBeInstanceOf(NotFoundError);
    const [signed] = await listClientForms(owner, child.id);
    expect(signed).toMatchObject({ signedByClientId: parent.id, fullName: "Pat Parent" });
  });

  it("F1: health answers need their own consent; owners see them, instructors and the front desk do not", async () => {
    const { s, owner, form } = await studioWithWaiver();
    const ada = await makeClient(owner, "Ada");
    await expect(
      signForm(await member(s, ada.id), signing(form, { answers: { q1: "yes", q2: HEALTH } }), ORIGIN),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await signForm(
      await member(s, ada.id),
      signing(form, { answers: { q1: "yes", q2: HEALTH }, healthConsent: true }),
      ORIGIN,
    );
    const [row] = await owner.db.select().from(formSignatures).where(eq(formSignatures.clientId, ada.id));
    expect(JSON.stringify(row!.answers)).not.toContain(HEALTH);

    const [asOwner] = await listClientForms(owner, ada.id, { withHealth: true });
    expect(asOwner!.healthAnswers).toEqual({ q2: HEALTH });
    const [asManager] = await listClientForms(await s.staffAs("manager", T0), ada.id, { withHealth: true });
    expect(asManager!.healthAnswers).toEqual({ q2: HEALTH });
    for (const role of ["instructor", "front_desk"] as const) {
      const [seen] = await listClientForms(await s.staffAs(role, T0), ada.id, { withHealth: true });
      expect(seen!.healthAnswers).toBeNull();
      expect(seen!.answers).toEqual({ q1: "yes" });
    }
    // The copy mailed to the signer leaves health answers out.
    const mails = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "form_signed")));
    expect(await mailText(mails[0])).not.toContain(HEALTH);
  });

  it("F1: no health answers in exports (client CSV, history CSV, the API)", async () => {
    const { s, owner, form } = await studioWithWaiver();
    const ada = await makeClient(owner, "Ada");
    await signForm(
      await member(s, ada.id),
      signing(form, { answers: { q1: "yes", q2: HEALTH }, healthConsent: true }),
      ORIGIN,
    );
    const csv = await new Response(await exportClientsCsv(owner, {})).text();
    expect(csv).toContain("Ada");
    expect(csv).not.toContain(HEALTH);
    const history = await new Response(await exportHistoryCsv(owner, { clientIds: [ada.id] })).text();
    expect(history).not.toContain(HEALTH);
    const res = await call(clientFormsRoute.GET, {
      key: await keyFor(s),
      path: `/api/v1/clients/${ada.id}/forms`,
      params: { id: ada.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      formId: form.id,
      version: 1,
      fullName: "Ada Lovelace",
      answers: { q1: "yes" },
    });
    expect(JSON.stringify(res.body)).not.toContain(HEALTH);
  });

  it("F1, P1: erasure removes health answers, the typed name, the address and the user agent", async () => {
    const { s, owner, form } = await studioWithWaiver();
    const ada = await makeClient(owner, "Ada");
    const sig = await signForm(
      await member(s, ada.id),
      signing(form, { answers: { q1: "yes", q2: HEALTH }, healthConsent: true }),
      ORIGIN,
    );
    await eraseClient(owner, { clientId: ada.id });
    const health = await owner.db
      .select()
      .from(formHealthAnswers)
      .where(and(eq(formHealthAnswers.studioId, s.studio.id), eq(formHealthAnswers.clientId, ada.id)));
    expect(health).toEqual([]);
    const [kept] = await owner.db.select().from(formSignatures).where(eq(formSignatures.id, sig.id));
    expect(kept).toMatchObject({ fullName: "Erased client", answers: {}, ipAddress: null, userAgent: null });
    expect(kept!.versionId).toBe(form.versionId);
  });

  it("F1: another studio's form, plan or client is not found; only owners and managers write forms", async () => {
    const { s, plan, form } = await studioWithWaiver();
    const other = await makeStudio();
    const them = await other.owner(T0);
    await expect(getForm(them, form.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await listForms(them)).toEqual([]);
    await expect(
      publishFormVersion(them, { formId: form.id, title: "x", body: "y", resign: "everyone" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(setFormRequirements(them, { formId: form.id, planIds: [] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      createForm(them, { title: "Mine", body: "text", requiredFor: { planIds: [plan.id] } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const theirClient = await makeClient(them, "Them");
    await expect(
      signForm(await s.owner(T0), signing(form, { clientId: theirClient.id }), ORIGIN),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(signForm(them, signing(form, { clientId: theirClient.id }), ORIGIN)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(createForm(await s.staffAs("front_desk", T0), { title: "x", body: "y" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createForm(await s.instructor(T0), { title: "x", body: "y" })).rejects.toBeInstanceOf(ForbiddenError);
    const res = await call(clientFormsRoute.GET, {
      key: await keyFor(other),
      path: `/api/v1/clients/x/forms`,
      params: { id: (await makeClient(await s.owner(T0), "Mine")).id },
    });
    expect(res.status).toBe(404);
  });

  it("F1: POST /api/v1/forms creates a form with questions and requirements; a booking through the API is 409 form_required", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const { cls, session } = await makeSession(owner, { startsAt: new Date(Date.now() + 86400_000) });
    const key = await keyFor(s);
    const created = await call(formsRoute.POST, {
      key,
      method: "POST",
      path: "/api/v1/forms",
      body: {
        title: "Intake",
        body: "Tell us <i>about</i> you.",
        questions: [{ kind: "choice", label: "Level", options: ["New", "Old"] }],
        requiredFor: { classIds: [cls.id] },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Intake", body: "Tell us about you.", version: 1 });
    expect(created.body.questions[0]).toMatchObject({ id: "q1", kind: "choice", required: true, health: false });
    const ada = await makeClient(owner, "Ada");
    const res = await call(bookingsRoute.POST, {
      key,
      method: "POST",
      path: "/api/v1/bookings",
      body: { sessionId: session.id, clientId: ada.id },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "form_required", form: { id: created.body.id, title: "Intake" } });
  });
});
