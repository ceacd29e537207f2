"use client";

import { Field, Input } from "@/app/_ui";
import { ActionDialog } from "../../memberships/action-dialog";
import { deleteCompanyAction, renameCompanyAction } from "../actions";

/** M7: rename the company, or delete it when it holds no membership (M8 keeps those and their history). */
export function CompanyActions({
  company,
  holdsMemberships,
  linkedClients,
}: {
  company: { id: string; name: string };
  holdsMemberships: boolean;
  linkedClients: number;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <ActionDialog
        trigger="Rename"
        triggerContext={company.name}
        title={`Rename ${company.name}`}
        description="Its linked clients and memberships stay as they are."
        action={renameCompanyAction}
        hidden={{ companyId: company.id }}
        submitLabel="Save name"
        pendingLabel="Saving…"
      >
        {(state) => (
          <Field label="Company name" htmlFor={`company-name-${company.id}`} error={state.fieldErrors?.name} required>
            <Input
              name="name"
              defaultValue={state.values?.name ?? company.name}
              maxLength={200}
              autoComplete="off"
              required
            />
          </Field>
        )}
      </ActionDialog>
      <ActionDialog
        trigger="Delete"
        triggerContext={company.name}
        title={`Delete ${company.name}?`}
        description={
          holdsMemberships
            ? `${company.name} holds memberships, which keep their history, so it cannot be deleted. Cancel its memberships instead; the company stays on record.`
            : `The company goes for good. ${
                linkedClients === 1
                  ? "Its linked client is unlinked and stays in your client list."
                  : linkedClients > 1
                    ? `Its ${linkedClients} linked clients are unlinked and stay in your client list.`
                    : "No client is linked to it."
              }`
        }
        action={deleteCompanyAction}
        hidden={{ companyId: company.id }}
        submitLabel="Delete company"
        pendingLabel="Deleting…"
        dismissLabel="Keep it"
        danger
      />
    </div>
  );
}
