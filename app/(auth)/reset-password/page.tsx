import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { ResetPasswordForm } from "@/app/_components/account-forms";
import { checkResetToken, RESET_LINK_INVALID } from "@/lib/account/password-reset";
import { SLUG_PATTERN } from "@/lib/studios/studio-input";
import { resetPasswordAction } from "../password-actions";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/**
 * A2: the page a reset link opens. Opening it (a GET, as mail scanners do)
 * only checks the token; the new password is set by the form, and nobody is
 * signed in by the link.
 */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; studio?: string }>;
}) {
  const { token, studio } = await searchParams;
  const live = typeof token === "string" ? await checkResetToken(await getDb(), token) : null;
  const signIn = typeof studio === "string" && SLUG_PATTERN.test(studio) ? `/s/${studio}/signin` : "/signin";
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Choose a new password</CardTitle>
        <CardDescription>{live ? `For ${live.email}.` : RESET_LINK_INVALID}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {live && typeof token === "string" ? <ResetPasswordForm action={resetPasswordAction} token={token} /> : null}
        <p className="text-sm text-muted-foreground">
          <Link className="font-medium text-brand-700 underline underline-offset-2" href={signIn}>
            Go to sign in
          </Link>
          {live ? null : (
            <>
              {" · "}
              <Link
                className="font-medium text-brand-700 underline underline-offset-2"
                href={signIn.replace(/signin$/, "forgot-password")}
              >
                Ask for a new link
              </Link>
            </>
          )}
        </p>
      </CardContent>
    </Card>
  );
}
