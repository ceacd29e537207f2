"use client";

import { useActionState } from "react";
import { ExternalLink } from "lucide-react";
import { Button, Checkbox, Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { CheckYourEmail } from "@/app/_components/check-email";
import { embedRegisterAction, embedResendAction, embedSignInAction, type EmbedStepState } from "./actions";
import { EmbedHandoff } from "./handoff";

type StepProps = { studio: string; planId: string; popup: boolean };

function StepFields({ studio, planId, popup }: StepProps) {
  return (
    <>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="planId" value={planId} />
      {popup ? <input type="hidden" name="popup" value="1" /> : null}
    </>
  );
}

/** A1: after sign-up (or a sign-in by a login that has not confirmed its email), the same "check your email" for every address. */
function EmbedCheckEmail({ email, ...step }: StepProps & { email: string }) {
  const hidden: Record<string, string> = {
    studio: step.studio,
    planId: step.planId,
    ...(step.popup ? { popup: "1" } : {}),
  };
  return (
    <CheckYourEmail email={email} hidden={hidden} resend={embedResendAction}>
      <p className="text-sm text-muted-foreground">
        The link opens in a new tab and finishes your sign-up there, with the plan you chose. Already done it? Sign in
        here to continue.
      </p>
    </CheckYourEmail>
  );
}

/** E2 "registers inside the flow": name, email, password; then "check your email" (A1: the mailed link links an existing client, never duplicated). */
export function EmbedRegisterForm({ studioName, ...step }: StepProps & { studioName: string }) {
  const [state, action] = useActionState<EmbedStepState, FormData>(embedRegisterAction, initialFormState);
  if (state.handoff && state.next) return <EmbedHandoff slug={step.studio} handoff={state.handoff} next={state.next} />;
  if (state.checkEmail) return <EmbedCheckEmail {...step} email={state.checkEmail} />;
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate aria-label="Create your account">
      <FormMessage>{state.formError}</FormMessage>
      <StepFields {...step} />
      <Field label="Your name" htmlFor="embed-name" error={e.name} required>
        <Input id="embed-name" name="name" defaultValue={v.name} autoComplete="name" required />
      </Field>
      <Field label="Email" htmlFor="embed-email" error={e.email} required>
        <Input id="embed-email" name="email" type="email" defaultValue={v.email} autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="embed-password" error={e.password} hint="At least 10 characters." required>
        <Input
          id="embed-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
        />
      </Field>
      <Checkbox
        name="marketingConsent"
        defaultChecked={v.marketingConsent === "on"}
        label={`Send me news and offers from ${studioName}`}
      />
      <SubmitButton pendingLabel="Creating your account…">Create account and continue</SubmitButton>
    </form>
  );
}

/** E2 "signs in inside the flow" with the person's member-portal login. */
export function EmbedSignInForm(step: StepProps) {
  const [state, action] = useActionState<EmbedStepState, FormData>(embedSignInAction, initialFormState);
  if (state.handoff && state.next) return <EmbedHandoff slug={step.studio} handoff={state.handoff} next={state.next} />;
  if (state.checkEmail) return <EmbedCheckEmail {...step} email={state.checkEmail} />;
  const v = state.values ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate aria-label="Sign in">
      <FormMessage>{state.formError}</FormMessage>
      <StepFields {...step} />
      <Field label="Email" htmlFor="embed-signin-email" required>
        <Input id="embed-signin-email" name="email" type="email" defaultValue={v.email} autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="embed-signin-password" required>
        <Input id="embed-signin-password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton variant="outline" pendingLabel="Signing in…">
        Sign in and continue
      </SubmitButton>
      {/* A2: the portal's page, opened top-level (its mail's link then sends the person to the portal's sign-in). */}
      <a
        className="text-sm font-medium text-brand-700 underline underline-offset-2"
        href={`/s/${step.studio}/forgot-password`}
        target="_blank"
        rel="noopener"
      >
        Forgot password?
      </a>
    </form>
  );
}

/**
 * When the browser refuses to keep a sign-in inside a third-party frame (some
 * Safari settings), the flow continues in a small first-party window; when it
 * is done there, the window hands the last step back to this frame (through
 * `window.opener`, which a named target keeps and `_blank` would drop). A link
 * first, so a click before the page's script has loaded still opens the window;
 * the script only gives it a popup's size.
 */
export function ContinueInPopup({ href }: { href: string }) {
  return (
    <Button asChild>
      <a
        href={href}
        target="roster-embed"
        onClick={(e) => {
          if (window.open(href, "roster-embed", "popup,width=480,height=760")) e.preventDefault();
        }}
      >
        Continue in a new window <ExternalLink aria-hidden className="size-4" />
      </a>
    </Button>
  );
}
