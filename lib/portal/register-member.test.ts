import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, messages } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { InvalidInputError } from "@/lib/core/errors";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/lib/testing/fixtures";
import { registerMember } from "./register-member";

describe("portal sign-up", () => {
  it("C1: links a login to the studio's existing client instead of duplicating it", async () => {
    const s = await makeStudio();
    const email = uniqueEmail("walkin");
    const { client: before } = await findOrCreateClient(await s.owner(), { email, name: "Walk In", source: "staff" });
    const { client } = await registerMember(await s.system(), { name: "Walk In", email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(client.id).toBe(before.id);
    expect(client.userId).not.toBeNull();
    const db = await getDb();
    expect(await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(1);
    const mail = await db.select().from(messages).where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "welcome")));
    expect(mail).toHaveLength(1);
  });

  it("one login is a client of several studios; a wrong password for an existing login is refused", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const email = uniqueEmail("roamer");
    const inA = await registerMember(await a.system(), { name: "Roamer", email, password: TEST_PASSWORD });
    await expect(registerMember(await b.system(), { name: "Roamer", email, password: "another password" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const inB = await registerMember(await b.system(), { name: "Roamer", email, password: TEST_PASSWORD });
    expect(inB.userId).toBe(inA.userId);
    expect(inB.client.studioId).toBe(b.studio.id);
  });

  it("staff of one studio can be a client of another with the same login", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const { client } = await registerMember(await b.system(), { name: "Owner A", email: a.ownerEmail, password: TEST_PASSWORD });
    expect(client.userId).toBe(a.ownerId);
  });
});
