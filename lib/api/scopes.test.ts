import { describe, expect, it } from "vitest";
import { createApiKey, listApiKeys } from "@/lib/api-keys";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as studioRoute from "@/app/api/v1/studio/route";
import * as clientsRoute from "@/app/api/v1/clients/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";

describe("X3, API.md: key scopes on the REST API", () => {
  it("X3: a read key reads and is 403 forbidden on writes, with nothing written; a key made without scopes has manage", async () => {
    const s = await makeStudio();
    const { key } = await createApiKey(await s.owner(), { name: "reader", scopes: ["read"] });
    expect((await call(studioRoute.GET, { key })).status).toBe(200);
    const email = uniqueEmail("scoped");
    const refused = await call(clientsRoute.POST, { key, method: "POST", body: { email, name: "Nope Written" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await call(clientsRoute.GET, { key, path: `/api/v1/clients?q=${email}` })).body.data).toEqual([]);
    expect((await call(webhooksRoute.GET, { key })).status).toBe(200);
    expect(
      (
        await call(webhooksRoute.POST, {
          key,
          method: "POST",
          body: { url: "https://x.example", events: ["client.created"] },
        })
      ).status,
    ).toBe(403);

    const full = await keyFor(s);
    expect(
      (await call(clientsRoute.POST, { key: full, method: "POST", body: { email, name: "Yes Written" } })).status,
    ).toBe(201);
    const keys = await listApiKeys(await s.owner());
    expect(keys.find((k) => k.name === "test")!.scopes).toEqual(["manage"]);
  });
});
