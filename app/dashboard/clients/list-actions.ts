"use server";

import { revalidatePath } from "next/cache";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { messageClients, tagClients } from "@/lib/crm";

/** What a bulk action on the clients list hands back: the form state, plus R8's counts after a message. */
export type BulkActionState = FormState & {
  counts?: { total: number; queued: number; skipped: number };
  /** The bulk operation sending the message (J1), whose page shows its progress. */
  operationId?: string | null;
};

/** The selected clients: `ids` repeated (the verbs check each is a live client of this studio). */
function selectedIds(form: FormData): string[] {
  return form
    .getAll("ids")
    .flatMap((v) => (typeof v === "string" ? v.split(",") : []))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A refusal about the selection itself has no field in the dialog: show it as the form's message. */
function selectionProblem(state: FormState): FormState {
  const ids = state.fieldErrors?.clientIds;
  if (state.ok || !ids?.length) return state;
  const { clientIds: _, ...rest } = state.fieldErrors ?? {};
  return { ...state, formError: ids[0], fieldErrors: Object.keys(rest).length ? rest : undefined };
}

/**
 * R8, J1: emails the clients selected on the list (up to 1,000), Reply-To the
 * signed-in staff member. The mails leave the request: a bulk operation and
 * its job are recorded, and the dialog links to its progress.
 */
export async function messageSelectedClientsAction(_: BulkActionState, form: FormData): Promise<BulkActionState> {
  const ctx = await requireStaffContext();
  const state: BulkActionState = await formAction(form, async () => {
    const result = await messageClients(ctx, {
      clientIds: selectedIds(form),
      subject: text(form, "subject"),
      body: text(form, "body"),
    });
    const { total, queued, skipped, operationId } = result;
    return { ok: true, counts: { total, queued, skipped }, operationId } satisfies BulkActionState;
  });
  return selectionProblem(state);
}

/** R4: tags the clients selected on the list; clients that already carry the tag (in any case) are left as they are. */
export async function tagSelectedClientsAction(_: BulkActionState, form: FormData): Promise<BulkActionState> {
  const ctx = await requireStaffContext();
  const state = await formAction(form, async () => {
    const tag = text(form, "tag");
    const { tagged, alreadyTagged } = await tagClients(ctx, { clientIds: selectedIds(form), tag });
    // The list's tag chips and tag filter counts, and each client's page.
    revalidatePath("/dashboard/clients", "layout");
    const clients = (n: number) => `${n.toLocaleString("en-GB")} ${n === 1 ? "client" : "clients"}`;
    const message =
      tagged === 0
        ? alreadyTagged === 1
          ? `The selected client already had the tag “${tag}”.`
          : `All ${clients(alreadyTagged)} already had the tag “${tag}”.`
        : `Tagged ${clients(tagged)} “${tag}”.${alreadyTagged ? ` ${clients(alreadyTagged)} already had it.` : ""}`;
    return { ok: true, message };
  });
  return selectionProblem(state);
}
