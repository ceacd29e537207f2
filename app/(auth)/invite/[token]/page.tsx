import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { signOutAction } from "@/app/(auth)/actions";
import { sessionUserEmail } from "@/lib/auth";
import { ROLE_LABELS } from "@/lib/core/permissions";
import { lookupInvitation } from "@/lib/team/team";
import { AcceptForm, AcceptWithSignupForm } from "./accept-forms";

export const metadata: Metadata = { title: "Join a studio" };
export const dynamic = "force-dynamic";

const WHY = {
  unknown: "This link is not valid. It may have been replaced by a newer invitation.",
  expired: "This invitation has expired. Ask the studio to send it again.",
  accepted: "This invitation was used already. Sign in to reach the studio.",
  revoked: "This invitation was withdrawn.",
};

/** T1: where an invitation's link lands. Accepting needs a verified login with the invited email (A1). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const found = await lookupInvitation(db, token);
  if (!found.ok) {
    return (
      <Card>
        <CardHeader>
          <CardTitle as="h1">Invitation</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Alert variant="warning" title="This invitation cannot be used">
            {WHY[found.reason]}
          </Alert>
          <Link className="text-sm font-medium text-brand-700 underline underline-offset-2" href="/signin">
            Sign in
          </Link>
        </CardContent>
      </Card>
    );
  }
  const { invitation, studio, hasLogin } = found;
  const myEmail = await sessionUserEmail();
  const me = myEmail ? { email: myEmail } : undefined;
  const here = `/invite/${token}`;

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Join {studio.name}</CardTitle>
        <CardDescription>
          You are invited as {ROLE_LABELS[invitation.role].toLowerCase()}, with the login for {invitation.email}.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {me && me.email === invitation.email ? (
          <AcceptForm token={token} />
        ) : me ? (
          <>
            <Alert variant="warning" title={`You are signed in as ${me.email}`}>
              This invitation is for {invitation.email}. Sign out, then sign in with that login.
            </Alert>
            <form action={signOutAction}>
              <input type="hidden" name="next" value={`/signin?next=${encodeURIComponent(here)}`} />
              <Button type="submit" variant="outline">
                Sign out
              </Button>
            </form>
          </>
        ) : hasLogin ? (
          <>
            <p className="text-sm">{invitation.email} already has a Roster login. Sign in with it to accept.</p>
            <Button asChild>
              <Link href={`/signin?next=${encodeURIComponent(here)}`}>Sign in to accept</Link>
            </Button>
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">
              Create your login. This link came to {invitation.email}, so following it confirms that address.
            </p>
            <AcceptWithSignupForm token={token} email={invitation.email} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
