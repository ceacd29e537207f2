import Link from "next/link";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { sessionUserId } from "@/lib/auth/context";
import { formatDate } from "@/lib/core/format";
import { getMyProfile } from "@/lib/portal/get-my-profile";
import { joinStudioAction } from "./actions";
import { portalMember, portalStudio } from "./portal";

export default async function PortalHome({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);

  if (member) {
    const me = await getMyProfile(member);
    return (
      <>
        <PageHeader title={`Hello, ${me.name.split(" ")[0]}`} description={`Your account at ${studio.name}.`} />
        <div className="mt-6 grid gap-4 sm:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Your details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-2 text-sm">
                <div>
                  <dt className="text-muted-foreground">Email</dt>
                  <dd>{me.email}</dd>
                </div>
                <div>
                  <dt className="text-muted-foreground">With us since</dt>
                  <dd>{formatDate(me.createdAt, studio.timezone)}</dd>
                </div>
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Memberships and bookings</CardTitle>
              <CardDescription>
                When {studio.name} opens its schedule and plans here, you will book classes and see your memberships on this page.
              </CardDescription>
            </CardHeader>
          </Card>
        </div>
      </>
    );
  }

  if (await sessionUserId()) {
    return (
      <Card className="mx-auto max-w-md">
        <CardHeader>
          <CardTitle as="h1">Join {studio.name}</CardTitle>
          <CardDescription>You are signed in, but not yet a client of {studio.name}. Join with your Roster login.</CardDescription>
        </CardHeader>
        <CardContent>
          <form action={joinStudioAction}>
            <input type="hidden" name="studio" value={studio.slug} />
            <Button type="submit">Join {studio.name}</Button>
          </form>
        </CardContent>
      </Card>
    );
  }

  return (
    <section className="mx-auto max-w-xl py-8 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">{studio.name}</h1>
      <p className="mt-3 text-muted-foreground">Sign in to book classes and see your memberships, or create your account.</p>
      <div className="mt-6 flex justify-center gap-3">
        <Button asChild>
          <Link href={`/s/${studio.slug}/signup`}>Create an account</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href={`/s/${studio.slug}/signin`}>Sign in</Link>
        </Button>
      </div>
    </section>
  );
}
