import type { Metadata } from "next";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { ChangeEmailForm, ChangePasswordForm } from "@/app/_components/account-forms";
import { getAccountEmail } from "@/lib/account/account";
import { requireStaffContext } from "@/lib/auth";
import { changeEmailAction, changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

/** The staff member's own login: password, email, and "sign out everywhere" (A2, A3). */
export default async function AccountPage() {
  const ctx = await requireStaffContext();
  const email = await getAccountEmail(ctx);
  return (
    <div className="grid max-w-xl gap-6">
      <PageHeader title="Your account" description="Your sign-in, for every studio you work in." />
      <Card>
        <CardHeader>
          <CardTitle as="h2">Password</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm action={changePasswordAction} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Email</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangeEmailForm action={changeEmailAction} current={email} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Sessions</CardTitle>
          <CardDescription>Signs your account out on every device and browser, this one included.</CardDescription>
        </CardHeader>
        <CardContent>
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="outline">
              Sign out everywhere
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
