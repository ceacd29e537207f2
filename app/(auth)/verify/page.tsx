import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { getDb } from "@/db";
import { findVerificationToken } from "@/lib/identity/verify-email";
import { VerifyEmailForm } from "./verify-form";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

/**
 * A1: the page a verification mail links to. Reading it changes nothing (mail
 * scanners fetch links); the form posts the token with the login's password.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const row = typeof token === "string" ? await findVerificationToken(await getDb(), token, new Date()) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Confirm your email</CardTitle>
        <CardDescription>
          {row ? (
            <>
              Enter the password of your Roster login (<strong>{row.email}</strong>) to confirm this address and finish.
            </>
          ) : (
            "This link has expired or was already used. Sign in, or sign up again, to get a new one."
          )}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {row && typeof token === "string" ? (
          <VerifyEmailForm token={token} email={row.email} />
        ) : (
          <Link className="font-medium text-brand-700 underline underline-offset-2" href="/">
            Back to Roster
          </Link>
        )}
      </CardContent>
    </Card>
  );
}
