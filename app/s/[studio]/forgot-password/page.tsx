import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { ForgotPasswordForm } from "@/app/_components/account-forms";
import { forgotPasswordAction } from "@/app/(auth)/password-actions";
import { portalStudio } from "../portal";

export const metadata = { title: "Forgot password" };

/** A2 in the portal (and, opened top-level, from the embed's sign-in step): the mail comes in this studio's name. */
export default async function MemberForgotPasswordPage({ params }: { params: Promise<{ studio: string }> }) {
  const studio = await portalStudio((await params).studio);
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle as="h1">Forgot your password?</CardTitle>
        <CardDescription>
          Enter your email. If it has an account, we mail it a link to choose a new password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ForgotPasswordForm action={forgotPasswordAction} studio={studio.slug} />
        <p className="mt-6 text-sm text-muted-foreground">
          <Link className="font-medium text-brand-700 underline underline-offset-2" href={`/s/${studio.slug}/signin`}>
            Back to sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
