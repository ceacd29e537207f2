import { redirect } from "next/navigation";
import { getAccountEmail } from "@/lib/account/account";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { ChangeEmailForm, ChangePasswordForm } from "@/app/_components/account-forms";
import { portalMember, portalStudio } from "../portal";
import { memberChangeEmailAction, memberChangePasswordAction, memberSignOutEverywhereAction } from "./actions";

export const metadata = { title: "Your account" };

/** The member's login: password, email, and "sign out everywhere" (A2, A3). */
export default async function MemberAccountPage({ params }: { params: Promise<{ studio: string }> }) {
  const studio = await portalStudio((await params).studio);
  const ctx = await portalMember(studio.slug);
  if (!ctx || ctx.actor.kind !== "member" || !ctx.actor.userId)
    redirect(`/s/${studio.slug}/signin?next=/s/${studio.slug}/account`);
  return <AccountCards email={await getAccountEmail(ctx)} studio={studio.slug} />;
}

function AccountCards({ email, studio }: { email: string; studio: string }) {
  return (
    <div className="mx-auto grid max-w-md gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Password</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm action={memberChangePasswordAction} studio={studio} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Email</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangeEmailForm action={memberChangeEmailAction} studio={studio} current={email} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Sessions</CardTitle>
          <CardDescription>Signs this account out on every device and browser, this one included.</CardDescription>
        </CardHeader>
        <CardContent>
          <form action={memberSignOutEverywhereAction}>
            <input type="hidden" name="studio" value={studio} />
            <Button type="submit" variant="outline">
              Sign out everywhere
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
