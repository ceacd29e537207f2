"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { staffAction } from "@/app/_lib/staff-action";
import {
  createCompany,
  CreateCompanyInput,
  unlinkClientFromCompany,
  linkClientToCompanyByEmail,
  RenameCompanyInput,
  renameCompany,
  deleteCompany,
} from "@/lib/companies";
import { Email } from "@/lib/core/validation";

/** M7: a new company; its page opens, to link clients and give it memberships. */
export const createCompanyAction = staffAction(CreateCompanyInput, async (ctx, input) => {
  const company = await createCompany(ctx, input);
  revalidatePath("/dashboard/companies");
  redirect(`/dashboard/companies/${company.id}?created=1`);
});

/** M7: links an existing client by email; from now on the client inherits the company's memberships. */
export const linkClientAction = staffAction(
  z.object({ companyId: z.string(), email: Email }),
  async (ctx, { companyId, email }) => {
    const client = await linkClientToCompanyByEmail(ctx, companyId, { email });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: `${client.name} is linked and shares the company's memberships.` };
  },
);

/** M7: unlinks a client; the inherited memberships stop applying at once. */
export const unlinkClientAction = staffAction(
  z.object({ companyId: z.string(), clientId: z.string() }),
  async (ctx, { companyId, clientId }) => {
    await unlinkClientFromCompany(ctx, companyId, clientId);
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Client unlinked." };
  },
);

/** M7: a company's new name. */
export const renameCompanyAction = staffAction(
  RenameCompanyInput.extend({ companyId: z.string() }),
  async (ctx, { companyId, name }) => {
    const company = await renameCompany(ctx, companyId, { name });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: `Renamed to ${company.name}.` };
  },
);

/** M7, M8: deletes a company that holds no membership; its clients are unlinked and stay. */
export const deleteCompanyAction = staffAction(z.object({ companyId: z.string() }), async (ctx, { companyId }) => {
  await deleteCompany(ctx, companyId);
  revalidatePath("/dashboard", "layout");
  redirect("/dashboard/companies?deleted=1");
});
