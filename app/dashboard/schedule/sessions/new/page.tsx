import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Dumbbell } from "lucide-react";
import { Button, Card, CardContent, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listClasses } from "@/lib/classes";
import { dayInZone } from "@/lib/core/time";
import { AddSessionsForm } from "../../add-sessions-form";

export const metadata: Metadata = { title: "Add sessions" };

export default async function AddSessionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const tz = ctx.studio.timezone;
  const sp = await searchParams;
  const classes = await listClasses(ctx);
  return (
    <>
      <PageHeader
        title="Add sessions"
        description="Schedule one session, or the same time every week."
        actions={
          <Button asChild variant="ghost">
            <Link href="/dashboard/schedule">
              <ArrowLeft aria-hidden="true" /> Schedule
            </Link>
          </Button>
        }
      />
      {classes.length ? (
        <Card className="max-w-2xl">
          <CardContent className="pt-5">
            <AddSessionsForm
              classes={classes.map((c) => ({ id: c.id, title: c.title }))}
              classId={typeof sp.class === "string" ? sp.class : undefined}
              timeZone={tz}
              today={dayInZone(ctx.now, tz)}
            />
          </CardContent>
        </Card>
      ) : (
        <EmptyState
          icon={Dumbbell}
          title="No classes yet"
          description="Sessions belong to a class. Create one first."
          action={
            <Button asChild>
              <Link href="/dashboard/schedule/classes#new-class">Create your first class</Link>
            </Button>
          }
        />
      )}
    </>
  );
}
