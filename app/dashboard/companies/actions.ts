"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth/context";
import { createCompany, unlinkClientFromCompany } from "@/lib/companies/companies";
import { linkClientToCompanyByEmail } from "@/lib/companies/company-clients";

/** M7: a new company; its page opens, to link clients and give it memberships. */
export async function createCompanyAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const company = await createCompany(ctx, { name: text(form, "name") });
    revalidatePath("/dashboard/companies");
    redirect(`/dashboard/companies/${company.id}?created=1`);
  });
}

/** M7: links an existing client by email; from now on the client inherits the company's memberships. */
export async function linkClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const client = await linkClientToCompanyByEmail(ctx, text(form, "companyId"), { email: text(form, "email") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: `${client.name} is linked and shares the company's memberships.` };
  });
}

/** M7: unlinks a client; the inherited memberships stop applying at once. */
export async function unlinkClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    await unlinkClientFromCompany(ctx, text(form, "companyId"), text(form, "clientId"));
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Client unlinked." };
  });
}
