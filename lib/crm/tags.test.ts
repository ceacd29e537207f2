import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { clients } from "@/db/schema";
import { eraseClient, mergeClients } from "@/lib/clients";
import { rowsOf } from "@/lib/core/sql";
import type { Ctx } from "@/lib/core/ctx";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { listClients } from "./list-clients";
import { addTag, dedupeTags, listStudioTags, MAX_TAGS_PER_CLIENT, removeTag, tagClients } from "./tags";

async function tagsOf(ctx: Ctx, id: string): Promise<string[]> {
  const [row] = await ctx.db
    .select({ tags: clients.tags })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id)));
  return row!.tags;
}

/** What client_tags holds for the studio, and what it should hold: each client's distinct tags (migration 0039). */
async function tagRows(ctx: Ctx): Promise<{ held: string[]; expected: string[] }> {
  const held = rowsOf<{ row: string }>(
    await ctx.db.execute(sql`select client_id || ' ' || tag as row from client_tags
      where studio_id = ${ctx.studio.id}::uuid order by 1`),
  ).map((r) => r.row);
  const expected = rowsOf<{ row: string }>(
    await ctx.db.execute(sql`select distinct c.id || ' ' || t.tag as row from clients c, unnest(c.tags) t(tag)
      where c.studio_id = ${ctx.studio.id}::uuid order by 1`),
  ).map((r) => r.row);
  return { held, expected };
}

describe("tags (R4)", () => {
  it("R4: the tag filter and the studio's tags follow every way a client's tags change (client_tags, kept by trigger)", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const other = await makeStudio();
    const theirs = await other.owner();
    const expectInStep = async () => {
      const { held, expected } = await tagRows(owner);
      expect(held).toEqual(expected);
    };
    // The filter's page, whose count (client_tags alone) must agree with it.
    const tagged = async (tag: string) => {
      const page = await listClients(owner, { tag, sort: "name", withTotal: true });
      expect(page.total).toBe(page.data.length);
      return page.data.map((c) => c.name);
    };

    // One insert of several clients (an import's shape), a repeated tag on one of them, and another studio's vip.
    await owner.db.insert(clients).values([
      { studioId: s.studio.id, name: "Ann", source: "import" as const, tags: ["vip", "morning"] },
      { studioId: s.studio.id, name: "Bo", source: "import" as const, tags: ["vip", "vip"] },
      { studioId: s.studio.id, name: "Cy", source: "import" as const },
    ]);
    await theirs.db
      .insert(clients)
      .values({ studioId: other.studio.id, name: "Theirs", source: "import" as const, tags: ["vip"] });
    await expectInStep();
    expect(await tagged("vip")).toEqual(["Ann", "Bo"]);
    expect(await tagged("VIP")).toEqual([]);
    expect(await listStudioTags(owner)).toEqual([
      { tag: "morning", clients: 1 },
      { tag: "vip", clients: 2 },
    ]);
    const byName = new Map((await listClients(owner, { sort: "name" })).data.map((c) => [c.name, c.id]));
    const [ann, bo, cy] = ["Ann", "Bo", "Cy"].map((n) => byName.get(n)!);

    await addTag(owner, { clientId: cy!, tag: "vip" });
    await removeTag(owner, { clientId: ann!, tag: "VIP" });
    await tagClients(owner, { clientIds: [ann!, bo!], tag: "evening" });
    await expectInStep();
    expect(await tagged("vip")).toEqual(["Bo", "Cy"]);
    expect(await tagged("evening")).toEqual(["Ann", "Bo"]);

    // B merged into A: A carries the union, B's rows go with B.
    await mergeClients(owner, { targetClientId: ann!, sourceClientId: bo! });
    await expectInStep();
    expect(await tagged("vip")).toEqual(["Ann", "Cy"]);

    // Erased: the tags are cleared, so the client leaves the filter and the counts.
    await eraseClient(owner, { clientId: cy! });
    await expectInStep();
    expect(await tagged("vip")).toEqual(["Ann"]);
    expect(await listStudioTags(owner)).toEqual([
      { tag: "evening", clients: 1 },
      { tag: "morning", clients: 1 },
      { tag: "vip", clients: 1 },
    ]);
    // A write that leaves the tags alone (the R1 counters' kind) changes nothing there.
    await owner.db.update(clients).set({ totalBookings: 3 }).where(eq(clients.id, ann!));
    await expectInStep();
    expect(await listStudioTags(theirs)).toEqual([{ tag: "vip", clients: 1 }]);
  });

  it("R4: add trims, dedupes case-insensitively keeping the first spelling, and remove ignores case", async () => {
    const s = await makeStudio();
    const instructor = await s.instructor();
    const c = await makeClient(instructor, "Maja");
    expect(await addTag(instructor, { clientId: c.id, tag: "  Prenatal " })).toEqual(["Prenatal"]);
    expect(await addTag(instructor, { clientId: c.id, tag: "morning" })).toEqual(["Prenatal", "morning"]);
    expect(await addTag(instructor, { clientId: c.id, tag: "PRENATAL" })).toEqual(["Prenatal", "morning"]);
    expect(await tagsOf(instructor, c.id)).toEqual(["Prenatal", "morning"]);

    expect(await removeTag(instructor, { clientId: c.id, tag: "prenatal" })).toEqual(["morning"]);
    expect(await removeTag(instructor, { clientId: c.id, tag: "never-had" })).toEqual(["morning"]);
    expect(await tagsOf(instructor, c.id)).toEqual(["morning"]);
    expect(dedupeTags(["Yoga", "yoga", "Pilates", "YOGA"])).toEqual(["Yoga", "Pilates"]);
  });

  it("R4: bad tags are refused with a clear error and change nothing", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const c = await makeClient(owner, "Maja");
    await addTag(owner, { clientId: c.id, tag: "vip" });
    for (const tag of ["", "   ", "x".repeat(51), "a,b", "tab\there"]) {
      await expect(addTag(owner, { clientId: c.id, tag })).rejects.toMatchObject({
        code: "invalid_input",
        fields: { tag: expect.any(Array) },
      });
    }
    expect(await addTag(owner, { clientId: c.id, tag: "y".repeat(50) })).toHaveLength(2);
    expect(await tagsOf(owner, c.id)).toEqual(["vip", "y".repeat(50)]);

    // A tag written before these rules (a comma, through the client form) can still be removed.
    await owner.db
      .update(clients)
      .set({ tags: ["vip", "a,b"] })
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, c.id)));
    expect(await removeTag(owner, { clientId: c.id, tag: "a,b" })).toEqual(["vip"]);
    await expect(removeTag(owner, { clientId: c.id, tag: "  " })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it(`R4: a client carries at most ${MAX_TAGS_PER_CLIENT} tags`, async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const c = await makeClient(owner, "Maja");
    await owner.db
      .update(clients)
      .set({ tags: Array.from({ length: MAX_TAGS_PER_CLIENT }, (_, i) => `t${i}`) })
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, c.id)));
    await expect(addTag(owner, { clientId: c.id, tag: "one more" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await addTag(owner, { clientId: c.id, tag: "T0" })).toHaveLength(MAX_TAGS_PER_CLIENT);
    await expect(tagClients(owner, { clientIds: [c.id], tag: "bulk" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("R4: bulk tagging a selection tags each once, leaves those already tagged, and lists the studio's tags with counts", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const [a, b, c, d] = await Promise.all(["Ann", "Bo", "Cy", "Di"].map((n) => makeClient(owner, n)));
    await addTag(owner, { clientId: b!.id, tag: "Morning" });
    const result = await tagClients(owner, { clientIds: [a!.id, b!.id, c!.id, a!.id], tag: " morning " });
    expect(result).toEqual({ tagged: 2, alreadyTagged: 1 });
    expect(await tagsOf(owner, a!.id)).toEqual(["morning"]);
    expect(await tagsOf(owner, b!.id)).toEqual(["Morning"]);
    expect(await tagsOf(owner, c!.id)).toEqual(["morning"]);
    expect(await tagsOf(owner, d!.id)).toEqual([]);
    await addTag(owner, { clientId: d!.id, tag: "beginner" });

    expect(await listStudioTags(owner)).toEqual([
      { tag: "beginner", clients: 1 },
      { tag: "Morning", clients: 1 },
      { tag: "morning", clients: 2 },
    ]);
  });

  it("R4: another studio's client is not found, and a bulk selection with one of them changes nothing", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const mine = await makeClient(owner, "Mine");
    const other = await makeStudio();
    const theirs = await makeClient(await other.owner(), "Theirs");

    await expect(addTag(owner, { clientId: theirs.id, tag: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeTag(owner, { clientId: theirs.id, tag: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addTag(owner, { clientId: "nope", tag: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(tagClients(owner, { clientIds: [mine.id, theirs.id], tag: "x" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await tagsOf(owner, mine.id)).toEqual([]);
    expect(await tagsOf(await other.owner(), theirs.id)).toEqual([]);
    expect(await listStudioTags(await other.owner())).toEqual([]);

    await expect(tagClients(owner, { clientIds: [], tag: "x" })).rejects.toMatchObject({ code: "invalid_input" });
    const tooMany = Array.from({ length: 1001 }, () => mine.id);
    await expect(tagClients(owner, { clientIds: tooMany, tag: "x" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("R4: a selection of 1,000 clients is tagged in one go", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const rows = await owner.db
      .insert(clients)
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          studioId: s.studio.id,
          name: `Client ${i}`,
          source: "import" as const,
        })),
      )
      .returning({ id: clients.id });
    expect(await tagClients(owner, { clientIds: rows.map((r) => r.id), tag: "spring-promo" })).toEqual({
      tagged: 1000,
      alreadyTagged: 0,
    });
    expect(await listStudioTags(owner)).toEqual([{ tag: "spring-promo", clients: 1000 }]);
  });

  it("R4: members cannot tag", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const c = await makeClient(owner, "Maja");
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: c.id });
    await expect(addTag(member, { clientId: c.id, tag: "x" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listStudioTags(member)).rejects.toMatchObject({ code: "forbidden" });
  });
});
