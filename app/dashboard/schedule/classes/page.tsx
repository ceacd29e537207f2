import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Dumbbell } from "lucide-react";
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listClasses } from "@/lib/classes";
import { formatMoney } from "@/lib/core/format";
import { listStaff } from "@/lib/team/team";
import { can } from "@/lib/core/permissions";
import { NewClassForm } from "./new-class-form";

export const metadata: Metadata = { title: "Classes" };

export default async function ClassesPage() {
  const ctx = await requireStaffContext();
  const classes = await listClasses(ctx, { includeArchived: true });
  const team = (await listStaff(ctx)).map((s) => ({ id: s.userId, name: s.name ?? s.email }));
  const manage = can(ctx, "schedule.manage");

  return (
    <>
      <PageHeader
        title="Classes"
        description="The kinds of class your studio runs. Each session copies its class's capacity and length."
        actions={
          <Button asChild variant="ghost">
            <Link href="/dashboard/schedule">
              <ArrowLeft aria-hidden="true" /> Schedule
            </Link>
          </Button>
        }
      />
      <div className="grid gap-6">
        {classes.length ? (
          <Table aria-label="Classes">
            <TableHeader>
              <TableRow>
                <TableHead>Class</TableHead>
                <TableHead>Capacity</TableHead>
                <TableHead>Length</TableHead>
                <TableHead>Location</TableHead>
                <TableHead>Drop-in</TableHead>
                <TableHead>Access</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {classes.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link
                      href={`/dashboard/schedule/classes/${c.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {c.title}
                    </Link>
                    {c.archivedAt ? <Badge className="ml-2">Archived</Badge> : null}
                  </TableCell>
                  <TableCell className="tabular-nums">{c.capacity}</TableCell>
                  <TableCell className="whitespace-nowrap">{c.durationMinutes} min</TableCell>
                  <TableCell className="text-muted-foreground">{c.location ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {c.dropInPriceCents === null ? (
                      <span className="text-muted-foreground">Membership only</span>
                    ) : (
                      formatMoney(c.dropInPriceCents, ctx.studio.currency)
                    )}
                  </TableCell>
                  <TableCell>
                    {c.memberOnly ? <Badge variant="brand">Members only</Badge> : <Badge variant="outline">Open</Badge>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState
            icon={Dumbbell}
            title="No classes yet"
            description="Fill in the form below to create your first class, then add its sessions."
          />
        )}

        <section id="new-class" aria-labelledby="new-class-title" className="scroll-mt-6">
          <Card>
            <CardHeader>
              <CardTitle id="new-class-title" as="h2">
                New class
              </CardTitle>
              <CardDescription>Owners, managers and the front desk can create classes.</CardDescription>
            </CardHeader>
            <CardContent>
              {manage ? (
                <NewClassForm currency={ctx.studio.currency} team={team} />
              ) : (
                <p className="text-sm text-muted-foreground">Your role does not create classes.</p>
              )}
            </CardContent>
          </Card>
        </section>
      </div>
    </>
  );
}
