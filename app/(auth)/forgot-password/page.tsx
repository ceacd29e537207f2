import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { ForgotPasswordForm } from "@/app/_components/account-forms";
import { forgotPasswordAction } from "../password-actions";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Forgot your password?</CardTitle>
        <CardDescription>
          Enter your email. If it has an account, we mail it a link to choose a new password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ForgotPasswordForm action={forgotPasswordAction} />
        <p className="mt-6 text-sm text-muted-foreground">
          <Link className="font-medium text-brand-700 underline underline-offset-2" href="/signin">
            Back to sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
