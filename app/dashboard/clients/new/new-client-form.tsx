"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Button, FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createClientAction } from "../actions";
import { ClientFields } from "../client-fields";

export function NewClientForm() {
  const [state, action] = useActionState(createClientAction, initialFormState);
  const v = state.values ?? {};
  const existingId = v.existingClientId;

  return (
    <form action={action} className="grid gap-6" noValidate>
      <FormMessage>
        {state.formError ? (
          <>
            {existingId ? <p className="font-semibold">Already a client</p> : null}
            <p>{state.formError}</p>
            {existingId ? (
              <Link href={`/dashboard/clients/${existingId}`} className="font-medium underline underline-offset-2">
                Open {v.existingClientName}
              </Link>
            ) : null}
          </>
        ) : null}
      </FormMessage>
      <ClientFields
        errors={state.fieldErrors ?? {}}
        values={{
          name: v.name,
          email: v.email,
          phone: v.phone,
          emergencyName: v.emergencyName,
          emergencyPhone: v.emergencyPhone,
          marketingConsent: v.marketingConsent !== undefined,
        }}
      />
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Adding…">Add client</SubmitButton>
        <Button asChild variant="ghost">
          <Link href="/dashboard/clients">Cancel</Link>
        </Button>
      </div>
    </form>
  );
}
