import type { ReactNode } from "react";
import { SignFormCard } from "@/app/_components/forms/sign-form";
import { formToSignView } from "@/app/_components/forms/view";
import type { FormToSign } from "@/lib/forms";
import { embedSignFormAction } from "./actions";
import { EmbedSteps } from "./steps";

/** F1: the embed's signing step, between "who you are" and "confirm", for a plan that requires a form. */
export function EmbedSignStep({ studio, forms, summary }: { studio: string; forms: FormToSign[]; summary: ReactNode }) {
  return (
    <>
      <EmbedSteps current={3} />
      <h1 className="mb-4 text-xl font-semibold">Sign before you join</h1>
      <div className="grid gap-4">
        {summary}
        {forms.map((f) => (
          <SignFormCard key={f.id} form={formToSignView(f)} action={embedSignFormAction} hidden={{ studio }} />
        ))}
      </div>
    </>
  );
}
