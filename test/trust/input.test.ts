import { MAX_CENTS } from "@/lib/core/validation";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import * as bookingsRoute from "@/app/api/v1/bookings/route";
import * as classSessionsRoute from "@/app/api/v1/classes/[id]/sessions/route";
import * as classesRoute from "@/app/api/v1/classes/route";
import * as clientNotesRoute from "@/app/api/v1/clients/[id]/notes/route";
import * as clientTagsRoute from "@/app/api/v1/clients/[id]/tags/route";
import * as clientRoute from "@/app/api/v1/clients/[id]/route";
import * as exportRoute from "@/app/api/v1/clients/export.csv/route";
import * as clientsRoute from "@/app/api/v1/clients/route";
import * as companiesRoute from "@/app/api/v1/companies/route";
import * as importRoute from "@/app/api/v1/memberships/import/route";
import * as membershipsRoute from "@/app/api/v1/memberships/route";
import * as paymentsRoute from "@/app/api/v1/payments/route";
import * as refundRoute from "@/app/api/v1/payments/[id]/refund/route";
import * as planMembersRoute from "@/app/api/v1/plans/[id]/members/route";
import * as plansRoute from "@/app/api/v1/plans/route";
import * as waitlistRoute from "@/app/api/v1/sessions/[id]/waitlist/route";
import * as settingsRoute from "@/app/api/v1/studio/settings/route";
import { MAX_BODY_BYTES } from "@/lib/api/handler";
import { bookSession } from "@/lib/bookings/book-session";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { updateClient } from "@/lib/clients/update-client";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { InvalidInputError } from "@/lib/core/errors";
import { rowsOf } from "@/lib/core/sql";
import { exportClientsCsv } from "@/lib/crm/export-clients";
import { exportHistoryCsv } from "@/lib/crm/export-history";
import { listClients } from "@/lib/crm/list-clients";
import { listMessages } from "@/lib/mail/list-messages";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { previewImport, runImport } from "@/lib/memberships/import";
import { recordPayment } from "@/lib/payments/payments";
import { registerVerifiedMember } from "@/test/support/identity";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";

// Issue 9 "Bad input": whatever arrives — broken JSON, wrong types, huge bodies, odd Unicode, padded
// emails, hostile spreadsheet cells, files in the wrong encoding — gets a clear answer in API.md's
// error shape and leaves the database exactly as it was.

const DAY = 86_400_000;

/** Every row of every tenant table of this studio, counted: "writes nothing" means this does not change. */
async function studioRows(s: TestStudio): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'studio_id' order by table_name`),
  ).map((r) => r.table_name);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = rowsOf<{ n: number | string }>(
      await db.execute(sql`select count(*) as n from ${sql.identifier(t)} where studio_id = ${s.studio.id}`),
    );
    out[t] = Number(row!.n);
  }
  return out;
}

/** A studio with a plan, a class with a session and a client, and an API key. */
async function apiStudio() {
  const s = await makeStudio();
  const owner = await s.owner();
  const key = await keyFor(s);
  const plan = await makePlan(owner, PLANS.pack(5, 30));
  const { cls, session } = await makeSession(owner, { startsAt: new Date(Date.now() + 3 * DAY) });
  const client = await makeClient(owner, "Kim Lee");
  return { s, key, plan, cls, session, client };
}

function expectInvalid(res: { status: number; body: any }, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe("invalid_input");
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (field) expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body)).toContain(field);
}

describe("bad input: the API refuses what does not parse or validate, and writes nothing", () => {
  it("issue 9: malformed JSON, JSON that is not an object, and wrong types on every writing endpoint: 400 invalid_input with the field named", async () => {
    const { s, key, plan, cls, session, client } = await apiStudio();
    const before = await studioRows(s);
    const post = (route: { POST: any }, body: unknown, params: Record<string, string> = {}) =>
      call(route.POST, { key, method: "POST", body, params });

    // Bodies that are not a JSON object at all.
    for (const rawBody of [
      "{",
      '{"email": "a@example.test",}',
      "[1,2",
      "nul",
      "{'name': 'single quotes'}",
      '{"a":1}{"b":2}',
    ]) {
      const res = await call(clientsRoute.POST, { key, method: "POST", rawBody });
      expectInvalid(res);
      expect(res.body.error.message).toBe("The body is not valid JSON.");
    }
    for (const rawBody of [
      "[]",
      '"a string"',
      "42",
      "true",
      "null",
      `[{"email":"${uniqueEmail()}","name":"In an array"}]`,
    ]) {
      expectInvalid(await call(clientsRoute.POST, { key, method: "POST", rawBody }));
    }
    // A "__proto__" key is an unknown field like any other, not a way to reach the object's prototype.
    expectInvalid(
      await call(clientsRoute.POST, {
        key,
        method: "POST",
        rawBody: `{"email":"${uniqueEmail()}","name":"A","__proto__":{"role":"owner"}}`,
      }),
      "_",
    );
    // Deep nesting is refused, not a crash.
    expectInvalid(
      await call(clientsRoute.POST, { key, method: "POST", rawBody: "[".repeat(200_000) + "]".repeat(200_000) }),
    );

    // Wrong types, field by field.
    const cases: [route: { POST: any }, body: unknown, field: string, params?: Record<string, string>][] = [
      [clientsRoute, { email: ["a@example.test"], name: "A" }, "email"],
      [clientsRoute, { email: uniqueEmail(), name: { first: "A" } }, "name"],
      [clientsRoute, { email: uniqueEmail(), name: "A", marketingConsent: "yes" }, "marketingConsent"],
      [clientsRoute, { email: uniqueEmail(), name: "A", phone: 48600100200 }, "phone"],
      [clientsRoute, { email: uniqueEmail(), name: "A", constructor: { prototype: { admin: true } } }, "_"],
      [plansRoute, { name: "P", kind: "sessions", priceCents: "1200", sessions: 5, durationDays: 30 }, "priceCents"],
      [plansRoute, { name: "P", kind: "sessions", priceCents: 12.5, sessions: 5, durationDays: 30 }, "priceCents"],
      [
        plansRoute,
        { name: "P", kind: "sessions", priceCents: 3_000_000_000, sessions: 5, durationDays: 30 },
        "priceCents",
      ],
      [plansRoute, { name: "P", kind: "sessions", priceCents: 1200, sessions: 1e300, durationDays: 30 }, "sessions"],
      [plansRoute, { name: "P", kind: "lifetime", priceCents: 1200 }, "kind"],
      [
        plansRoute,
        { name: "P", kind: "fixed", priceCents: 1200, durationDays: 30, permissions: "sauna" },
        "permissions",
      ],
      [classesRoute, { title: "Yoga", capacity: "10", durationMinutes: 60 }, "capacity"],
      [classesRoute, { title: "Yoga", capacity: 2_147_483_648, durationMinutes: 60 }, "capacity"],
      [classesRoute, { title: "Yoga", capacity: 10, durationMinutes: 60, memberOnly: "false" }, "memberOnly"],
      [classSessionsRoute, { startsAt: "next tuesday" }, "startsAt", { id: cls.id }],
      [
        classSessionsRoute,
        { weekly: { days: ["mon"], time: "25:61", from: "2026-03-01", until: "2026-03-31" } },
        "weekly.time",
        { id: cls.id },
      ],
      [
        membershipsRoute,
        { planId: plan.id, clientId: client.id, sessionsRemaining: 3_000_000_000 },
        "sessionsRemaining",
      ],
      [membershipsRoute, { planId: 42, clientId: client.id }, "planId"],
      [bookingsRoute, { sessionId: session.id, clientId: client.id, by: "admin" }, "by"],
      [bookingsRoute, { sessionId: [session.id], clientId: client.id }, "sessionId"],
      [paymentsRoute, { clientId: client.id, amountCents: -500, method: "cash" }, "amountCents"],
      [paymentsRoute, { clientId: client.id, amountCents: 3_000_000_000, method: "cash" }, "amountCents"],
      [paymentsRoute, { clientId: client.id, amountCents: 500, method: "bitcoin" }, "method"],
      [waitlistRoute, { email: 7, name: "W" }, "email", { id: session.id }],
      [clientNotesRoute, { body: 123 }, "body", { id: client.id }],
      [clientTagsRoute, { tag: ["a", "b"] }, "tag", { id: client.id }],
      [companiesRoute, { name: null }, "name"],
      [importRoute, { planId: plan.id, format: "xlsx", data: "", dryRun: false }, "format"],
      [importRoute, { planId: plan.id, format: "csv", data: { rows: [] }, dryRun: false }, "data"],
      [importRoute, { planId: plan.id, format: "csv", data: "email,startsAt\n", dryRun: "false" }, "dryRun"],
    ];
    for (const [route, body, field, params] of cases) {
      const res = await post(route, body, params);
      expect(res.status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(400);
      expectInvalid(res, field);
    }
    const patch = await call(settingsRoute.PATCH, {
      key,
      method: "PATCH",
      body: { lateCancelHours: "12", embedOrigins: "https://x.example" },
    });
    expectInvalid(patch, "lateCancelHours");
    expect(Object.keys(patch.body.error.fields)).toContain("embedOrigins");
    expectInvalid(
      await call(clientRoute.PATCH, { key, method: "PATCH", params: { id: client.id }, body: { tags: "vip" } }),
      "tags",
    );

    expect(await studioRows(s)).toEqual(before);
  });

  it("issue 9: bodies over MAX_BODY_BYTES are 413 payload_too_large whether declared, streamed without a length, or lied about; an import file too", async () => {
    const { s, key, plan } = await apiStudio();
    const before = await studioRows(s);
    const big = JSON.stringify({
      planId: plan.id,
      format: "csv",
      dryRun: false,
      data: "email,startsAt\n" + "x@example.test,2026-03-01\n".repeat(MAX_BODY_BYTES / 20),
    });
    expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
    const send = (body: BodyInit, headers: Record<string, string> = {}) =>
      importRoute.POST(
        new Request("http://localhost/api/v1/memberships/import", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
          body,
          duplex: "half",
        } as RequestInit),
      );
    // A plain body (Content-Length is what the client says).
    const declared = await send(big);
    // A stream, with no Content-Length at all.
    const enc = new TextEncoder().encode(big);
    const streamed = await send(
      new ReadableStream({
        start(c) {
          for (let i = 0; i < enc.length; i += 64 * 1024) c.enqueue(enc.subarray(i, i + 64 * 1024));
          c.close();
        },
      }),
    );
    // A Content-Length that lies low.
    const lying = await send(big, { "content-length": "100" });
    // A Content-Length far beyond the limit on a tiny body: refused before reading.
    const claims = await send("{}", { "content-length": String(MAX_BODY_BYTES * 10) });
    for (const res of [declared, streamed, lying, claims]) {
      expect(res.status).toBe(413);
      const body = await res.json();
      expect(body).toEqual({
        error: { code: "payload_too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` },
      });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect(await studioRows(s)).toEqual(before);
  });

  it("issue 9, M10: an import sent to the API in another encoding is refused whole (400, the field named) and writes nothing", async () => {
    const { s, key, plan } = await apiStudio();
    const before = await studioRows(s);
    const head = new TextEncoder().encode(
      `{"planId":"${plan.id}","format":"csv","dryRun":false,"data":"email,name,startsAt\\nzoe@example.test,Zo`,
    );
    const tail = new TextEncoder().encode(`,2026-03-01\\n"}`);
    const latin1 = new Uint8Array([...head, 0xeb, ...tail]);
    const res = await importRoute.POST(
      new Request("http://localhost/api/v1/memberships/import", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: latin1,
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "invalid_input",
        message: "The body is not valid UTF-8.",
        fields: { _: ["The body is not valid UTF-8."] },
      },
    });
    // The same file in UTF-8 is fine: the refusal was the encoding.
    const ok = await call(importRoute.POST, {
      key,
      method: "POST",
      body: {
        planId: plan.id,
        format: "csv",
        dryRun: true,
        data: "email,name,startsAt\nzoe@example.test,Zoë,2026-03-01\n",
      },
    });
    expect(ok.body).toMatchObject({ valid: 1, invalid: 0 });
    expect(await studioRows(s)).toEqual(before);
  });
});

describe("bad input: files in the wrong encoding are refused whole by the import verbs (M10)", () => {
  const header = "email,name,startsAt\r\n";
  const row = "zoe@example.test,Zoë Łukasiewicz,2026-03-01\r\n";
  const utf16le = (text: string) => new Uint8Array(Buffer.from(text, "utf16le"));
  const utf16be = (text: string) => new Uint8Array(Buffer.from(text, "utf16le").swap16());
  const ascii = "email,name,startsAt\r\nkim@example.test,Kim Lee,2026-03-01\r\n";
  const files: [what: string, bytes: Uint8Array, message: RegExp][] = [
    [
      "UTF-16 LE with a byte-order mark (Excel's 'Unicode text')",
      new Uint8Array([0xff, 0xfe, ...utf16le(header + row)]),
      /not UTF-8/,
    ],
    ["UTF-16 BE with a byte-order mark", new Uint8Array([0xfe, 0xff, ...utf16be(header + row)]), /not UTF-8/],
    ["UTF-16 LE without a byte-order mark", utf16le(header + row), /not UTF-8/],
    ["UTF-16 BE without a byte-order mark", utf16be(header + row), /not UTF-8/],
    // Plain ASCII text in UTF-16 is valid UTF-8 byte by byte (every other byte a NUL): it must not pass as such.
    ["ASCII-only UTF-16 LE without a byte-order mark", utf16le(ascii), /UTF-16/],
    ["ASCII-only UTF-16 BE without a byte-order mark", utf16be(ascii), /UTF-16/],
    // Windows-1252: curly quotes are 0x93/0x94, ë is 0xEB.
    [
      "Windows-1252 (smart quotes, ë)",
      new Uint8Array([
        ...Buffer.from(header + "zoe@example.test,"),
        0x93,
        ...Buffer.from("Zo"),
        0xeb,
        0x94,
        ...Buffer.from(",2026-03-01\r\n"),
      ]),
      /not UTF-8/,
    ],
    [
      "an overlong encoding of '/'",
      new Uint8Array([...Buffer.from(header + "zoe@example.test,Zo"), 0xc0, 0xaf, ...Buffer.from(",2026-03-01\r\n")]),
      /not UTF-8/,
    ],
    [
      "an encoded surrogate (CESU-8)",
      new Uint8Array([
        ...Buffer.from(header + "zoe@example.test,Zo"),
        0xed,
        0xa0,
        0x80,
        ...Buffer.from(",2026-03-01\r\n"),
      ]),
      /not UTF-8/,
    ],
    [
      "a file cut in the middle of a character",
      new Uint8Array([...Buffer.from(header + "zoe@example.test,Zo"), 0xc3]),
      /not UTF-8/,
    ],
  ];

  it("issue 9, M10: UTF-16 with or without a BOM, Latin-1, overlong and surrogate bytes, and a truncated character: a clear file-level error for preview and import, nothing written", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const plan = await makePlan(ctx, PLANS.monthly());
    const before = await studioRows(s);
    for (const [what, bytes, message] of files) {
      for (const verb of [previewImport, runImport]) {
        // Whole, and cut into uneven chunks as an upload arrives.
        for (const source of [[bytes], [bytes.subarray(0, 7), bytes.subarray(7, 30), bytes.subarray(30)]]) {
          const err = await verb(ctx, { planId: plan.id, format: "csv", source }).catch((e: unknown) => e);
          expect(err, `${what} (${verb.name})`).toBeInstanceOf(InvalidInputError);
          expect((err as InvalidInputError).code).toBe("invalid_input");
          expect((err as InvalidInputError).message, what).toMatch(message);
          expect((err as InvalidInputError).fields, what).toHaveProperty("data");
        }
      }
    }
    expect(await studioRows(s)).toEqual(before);
    // UTF-8, with or without Excel's BOM, imports.
    for (const bom of [[], [0xef, 0xbb, 0xbf]]) {
      const ok = await previewImport(ctx, {
        planId: plan.id,
        format: "csv",
        source: [new Uint8Array([...bom, ...Buffer.from(header + row)])],
      });
      expect(ok).toMatchObject({ valid: 1, invalid: 0 });
    }
  });

  it("issue 9, M10: JSON files in UTF-16 are refused the same way", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const plan = await makePlan(ctx, PLANS.monthly());
    const json = JSON.stringify([{ email: "zoe@example.test", name: "Zoe", startsAt: "2026-03-01" }]);
    for (const bytes of [utf16le(json), utf16be(json), new Uint8Array([0xff, 0xfe, ...utf16le(json)])]) {
      const err = await runImport(ctx, { planId: plan.id, format: "json", source: [bytes] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).message).toMatch(/UTF-16|not UTF-8/);
    }
    expect(await studioRows(s)).toMatchObject({ clients: 0, memberships: 0 });
  });
});

describe("odd Unicode in names and emails", () => {
  it("C1: one person, one client — the same email in any case, padded with spaces, tabs or no-break spaces, through every door", async () => {
    const { s, key, plan, session } = await apiStudio();
    const owner = await s.owner();
    const email = uniqueEmail("kim.mixed");
    const created = await call(clientsRoute.POST, { key, method: "POST", body: { email, name: "Kim Mixed" } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const variants: string[] = [
      email.toUpperCase(),
      `  ${email} `,
      `\t${email.replace("kim", "KIM")}\n`,
      `\u00a0${email}\u00a0`,
      `\u3000${email}`,
    ];
    for (const v of variants) {
      const again = await call(clientsRoute.POST, { key, method: "POST", body: { email: v, name: "Kim Again" } });
      expect(again.status, JSON.stringify(v)).toBe(200);
      expect(again.body.id).toBe(id);
    }
    await call(membershipsRoute.POST, {
      key,
      method: "POST",
      body: { planId: plan.id, email: variants[0]!, name: "Kim" },
    }).then((r) => expect(r.status).toBe(201));
    await call(bookingsRoute.POST, {
      key,
      method: "POST",
      body: { sessionId: session.id, email: variants[1], name: "Kim" },
    }).then((r) => expect(r.status, JSON.stringify(r.body)).toBe(201));
    const { session: full } = await makeSession(owner, { startsAt: new Date(Date.now() + 4 * DAY), capacity: 1 });
    await bookSession(owner, { sessionId: full.id, clientId: (await makeClient(owner, "Other")).id });
    await call(waitlistRoute.POST, {
      key,
      method: "POST",
      params: { id: full.id },
      body: { email: variants[2], name: "Kim" },
    }).then((r) => expect(r.status, JSON.stringify(r.body)).toBeLessThan(300));
    await registerVerifiedMember(await s.system(), { name: "Kim", email: variants[3]!, password: TEST_PASSWORD });
    const { session: guestSession } = await makeSession(owner, { startsAt: new Date(Date.now() + 5 * DAY) });
    await bookSession(
      await s.system(),
      { sessionId: guestSession.id, email: variants[4]!, name: "Kim" },
      { guest: true },
    );
    await runImport(owner, {
      planId: (await makePlan(owner, PLANS.monthly())).id,
      format: "csv",
      source: `email,name,startsAt\n"  ${email.toUpperCase()}  ",Kim,2026-03-01\n`,
    });
    const db = await getDb();
    const same = rowsOf<{ id: string; name: string }>(
      await db.execute(
        sql`select id, name from clients where studio_id = ${s.studio.id} and lower(trim(email)) = ${email}`,
      ),
    );
    expect(same).toEqual([{ id, name: "Kim Mixed" }]);
  });

  it("C1: look-alike emails (zero-width space, Kelvin sign K, Cyrillic а, NFD accents) are refused, never a second client", async () => {
    const { s, key } = await apiStudio();
    const email = "kasia@example.test";
    expect((await call(clientsRoute.POST, { key, method: "POST", body: { email, name: "Kasia" } })).status).toBe(201);
    const before = await studioRows(s);
    for (const v of [
      "kasia\u200b@example.test",
      "\u200bkasia@example.test",
      "\u212aasia@example.test",
      "k\u0430sia@example.test",
      "kasi\u0061\u0301@example.test",
      "kasia@example.test\u0000",
    ]) {
      const res = await call(clientsRoute.POST, { key, method: "POST", body: { email: v, name: "Kasia Twin" } });
      expectInvalid(res, "email");
    }
    expect(await studioRows(s)).toEqual(before);
  });

  it("C2: a name typed in NFD is stored in NFC, so search, sorting and the export find the one the studio typed", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const nfd = "Zoe\u0308 Åberg".normalize("NFD");
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    const { client } = await findOrCreateClient(owner, { email: uniqueEmail("zoe"), name: nfd, source: "staff" });
    expect(client.name).toBe("Zoë Åberg".normalize("NFC"));
    const found = await listClients(owner, { q: "Zoë".normalize("NFC") });
    expect(found.data.map((c) => c.id)).toEqual([client.id]);
    const renamed = await updateClient(owner, client.id, { name: "Łucja Ńowak".normalize("NFD") });
    expect(renamed.name).toBe("Łucja Ńowak".normalize("NFC"));
  });

  it("C2: emoji and right-to-left scripts are names; direction overrides, zero-width spaces and other invisible controls are refused with a clear message", async () => {
    const { s, key } = await apiStudio();
    const fine = [
      "Kasia 🧘‍♀️",
      "👨‍👩‍👧 Family Nowak",
      "محمد علي",
      "אורית כהן",
      "Nguyễn Thị Minh Khai",
      "Ævar Þór",
      "O'Brien-Smith Jr.",
      "李小龙",
      "नमस्ते जी",
    ];
    for (const name of fine) {
      const res = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail("fine"), name } });
      expect(res.status, name).toBe(201);
      expect(res.body.name).toBe(name.normalize("NFC"));
    }
    const before = await studioRows(s);
    const refused = [
      "\u202eAnna\u202c", // RIGHT-TO-LEFT OVERRIDE: "gpj.exe" reads as "exe.jpg"
      "Anna \u202dBob",
      "Anna\u2066Bob\u2069", // isolates
      "Ann\u200ba", // zero-width space: a look-alike of "Anna"
      "Ann\u2060a", // word joiner
      "Ann\ufeffa",
      "Anna\u0085Bob", // C1 control (next line)
      "Anna\u2028Bob", // line separator
      "Anna\u0000",
      "   ",
      "\u200b",
    ];
    for (const name of refused) {
      const res = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail("odd"), name } });
      expectInvalid(res, "name");
      expect(res.body.error.fields.name.join(" "), JSON.stringify(name)).toMatch(
        /Enter a name|control characters|invisible/,
      );
    }
    expect(await studioRows(s)).toEqual(before);
    // An import row with such a name is listed with the message, and nothing is written.
    const plan = await makePlan(await s.owner(), PLANS.monthly());
    const preview = await previewImport(await s.owner(), {
      planId: plan.id,
      format: "csv",
      source: `email,name,startsAt\n${uniqueEmail()},\u202eAnna,2026-03-01\n`,
    });
    expect(preview).toMatchObject({ valid: 0, invalid: 1 });
    expect(preview.errors[0]).toMatchObject({ row: 2, field: "name" });
  });
});

describe("bad input: spreadsheet formulas never leave in an export (OWASP CSV injection)", () => {
  const PAYLOADS = [
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1,1)",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "\tTAB",
    "\r=CR",
  ];
  const FORMULA = /^[=+\-@\t\r]/;

  /** A studio where everything a person can type starts like a formula. */
  async function hostileStudio() {
    const s = await makeStudio();
    const owner = await s.owner();
    const ids: string[] = [];
    const plan = await makePlan(owner, PLANS.monthly({ name: "=PLAN()" }));
    const pack = await makePlan(owner, PLANS.pack(5, 60, { name: "@pack" }));
    const company = await createCompany(owner, { name: "-Company+1" });
    const { session } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 3 * DAY),
      title: "+Class()",
      capacity: 20,
    });
    for (const [i, p] of PAYLOADS.entries()) {
      // Names are trimmed, so "\tTAB" is stored as "TAB" and "\r=CR" as "=CR".
      const { client } = await findOrCreateClient(owner, {
        email: `${i === 2 ? "-" : i === 1 ? "+" : ""}c${i}.${s.studio.slug}@example.test`,
        name: p,
        source: "staff",
      });
      await updateClient(owner, client.id, {
        phone: i % 2 ? "+48 600 100 200" : "-1-1",
        tags: [`=tag${i}`, "@t", "-t"],
      });
      ids.push(client.id);
      if (i === 0) {
        await assignMembership(owner, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
        await assignMembership(owner, { planId: pack.id, clientId: client.id, paymentMethod: "cash" });
        await bookSession(owner, { sessionId: session.id, clientId: client.id });
      }
      if (i === 1) {
        await linkClientToCompany(owner, company.id, client.id);
        await recordPayment(owner, { clientId: client.id, amountCents: 1234, method: "cash" });
      }
    }
    await assignMembership(owner, { planId: plan.id, companyId: company.id });
    return { s, ids };
  }

  async function rowsOfCsv(stream: ReadableStream<Uint8Array> | string) {
    const text = typeof stream === "string" ? stream : await new Response(stream).text();
    return parse(text, { bom: true, relax_column_count: false }) as string[][];
  }

  function expectNoFormulaCells(rows: string[][], what: string) {
    const [header, ...data] = rows;
    expect(data.length, what).toBeGreaterThan(0);
    for (const row of data) {
      row.forEach((cell, i) => {
        expect(FORMULA.test(cell), `${what}: column "${header![i]}" = ${JSON.stringify(cell)}`).toBe(false);
      });
    }
  }

  it("issue 9, R6, R7: every text cell of the clients export (verb and API) and the history export is neutralised with a leading apostrophe", async () => {
    const { s, ids } = await hostileStudio();
    const owner = await s.owner();
    const r6 = await rowsOfCsv(await exportClientsCsv(owner, { sort: "name" }));
    expectNoFormulaCells(r6, "R6 verb");
    const api = await call(exportRoute.GET, { key: await keyFor(s), path: "/api/v1/clients/export.csv?sort=name" });
    expect(api.status).toBe(200);
    const r6api = await rowsOfCsv(api.body as string);
    expectNoFormulaCells(r6api, "R6 API");
    expect(r6api).toEqual(r6);
    const r7 = await rowsOfCsv(await exportHistoryCsv(owner, { clientIds: ids }));
    expectNoFormulaCells(r7, "R7");

    // The values are all there, made inert rather than dropped.
    const cells = new Set([...r6, ...r7].flat());
    for (const p of ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(1,1)", "=cmd|' /C calc'!A0"])
      expect(cells, p).toContain(`'${p}`);
    expect(cells).toContain("'+48 600 100 200");
    expect(cells).toContain("'-1-1");
    expect([...cells].some((c) => c.startsWith("'=tag0"))).toBe(true);
    expect([...cells].some((c) => c.startsWith("'=PLAN()"))).toBe(true);
    expect([...cells].some((c) => c.includes("-Company+1"))).toBe(true);
    expect([...cells].some((c) => c.startsWith("'+Class()"))).toBe(true);
    expect([...cells].some((c) => c.startsWith("'-c2."))).toBe(true);
  });
});

describe("bad input: out-of-range money and malformed cursors are 400 invalid_input, never a 500 (issue 14)", () => {
  const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");

  it("issue 14: a refund of 2147483648 cents (past int4) is refused by the schema, and the payment is untouched", async () => {
    const { s, key, client } = await apiStudio();
    const paid = await recordPayment(await s.owner(), { clientId: client.id, amountCents: 5000, method: "cash" });
    const before = await studioRows(s);
    for (const amountCents of [2_147_483_648, 1e300, Number.MAX_SAFE_INTEGER]) {
      const res = await call(refundRoute.POST, { key, method: "POST", params: { id: paid.id }, body: { amountCents } });
      expectInvalid(res, "amountCents");
    }
    expect(await studioRows(s)).toEqual(before);
    // In range, it is the refund rule that answers (more than was paid), not the schema.
    const tooMuch = await call(refundRoute.POST, {
      key,
      method: "POST",
      params: { id: paid.id },
      body: { amountCents: MAX_CENTS },
    });
    expect(tooMuch.status, JSON.stringify(tooMuch.body)).toBe(409);
  });

  it("issue 14: list cursors whose values have the wrong type (or do not cast) are 400 invalid_input with the field named", async () => {
    const { s, key, plan } = await apiStudio();
    const id = "00000000-0000-4000-8000-000000000000";
    const clientCursors = [
      ["totalBookings", cursor(["totalBookings", "not a number", id])],
      ["totalBookings", cursor(["totalBookings", "99999999999", id])],
      ["lifetimeSpend", cursor(["lifetimeSpend", "1e5", id])],
      ["createdAt", cursor(["createdAt", "yesterday", id])],
      ["createdAt", cursor(["createdAt", "2026-02-31 10:00:00+00", id])],
      ["-lastBookingAt", cursor(["-lastBookingAt", "2026-02-01 25:00:00+00", id])],
      ["name", cursor(["name", 42, id])],
      ["name", cursor(["name", "a", "not-a-uuid"])],
      ["name", cursor(["name", "a", { id }])],
    ] as const;
    for (const [sort, c] of clientCursors) {
      const res = await call(clientsRoute.GET, { key, path: `/api/v1/clients?sort=${sort}&cursor=${c}` });
      expectInvalid(res, "cursor");
    }
    for (const c of [cursor([42, id]), cursor(["a", 42]), cursor(["a", "not-a-uuid"]), cursor([["a"], id])]) {
      const res = await call(planMembersRoute.GET, {
        key,
        path: `/api/v1/plans/${plan.id}/members?cursor=${c}`,
        params: { id: plan.id },
      });
      expectInvalid(res, "cursor");
    }
    // Settings → Sent mail's cursor: an instant and an id.
    const owner = await s.owner();
    for (const c of [
      cursor([123, "x"]),
      cursor(["not a date", id]),
      cursor([new Date().toISOString(), "not-a-uuid"]),
      cursor([{}, id]),
    ]) {
      await expect(listMessages(owner, { cursor: c })).rejects.toBeInstanceOf(InvalidInputError);
    }
    // A cursor the API gave out still works.
    const ok = await listMessages(owner, { cursor: cursor([new Date().toISOString(), id]) });
    expect(ok.data).toEqual([]);
    const sorted = await call(clientsRoute.GET, {
      key,
      path: `/api/v1/clients?sort=createdAt&cursor=${cursor(["createdAt", "2026-05-04 08:00:00.123+00", id])}`,
    });
    expect(sorted.status, JSON.stringify(sorted.body)).toBe(200);
  });
});
