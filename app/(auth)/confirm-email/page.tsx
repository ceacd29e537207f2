import type { Metadata } from "next";
import { getDb } from "@/db";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { ConfirmEmailForm } from "@/app/_components/account-forms";
import { checkEmailChangeToken, EMAIL_LINK_INVALID } from "@/lib/account/account";
import { confirmEmailAction } from "../password-actions";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** The page a change-of-email link opens: opening it changes nothing; the button does. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const live = typeof token === "string" ? await checkEmailChangeToken(await getDb(), token) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Confirm your new email</CardTitle>
        <CardDescription>{live ? `Use ${live.email} to sign in from now on.` : EMAIL_LINK_INVALID}</CardDescription>
      </CardHeader>
      <CardContent>
        {live && typeof token === "string" ? <ConfirmEmailForm action={confirmEmailAction} token={token} /> : null}
      </CardContent>
    </Card>
  );
}
