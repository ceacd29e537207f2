import type { Metadata } from "next";
import Link from "next/link";
import { Building2 } from "lucide-react";
import {
  Alert,
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
import { listCompanies } from "@/lib/companies";
import { formatDate } from "@/lib/core/format";
import { CreateCompanyForm } from "./create-company-form";

export const metadata: Metadata = { title: "Companies" };

export default async function CompaniesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const [companies, sp] = await Promise.all([listCompanies(ctx), searchParams]);

  return (
    <div className="grid max-w-5xl grid-cols-1 gap-6">
      {sp.deleted === "1" ? (
        <Alert variant="success" title="Company deleted" role="status">
          Its clients were unlinked and stay in your client list.
        </Alert>
      ) : null}
      <PageHeader
        className="mb-0"
        title="Companies"
        description="Employers and organisations that pay for their people. Every client linked to a company shares its memberships while linked."
      />

      <Card>
        <CardHeader>
          <CardTitle>New company</CardTitle>
          <CardDescription>Then link its people and give it a recurring or fixed-period membership.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateCompanyForm />
        </CardContent>
      </Card>

      <section aria-labelledby="companies-heading" className="grid gap-3">
        <h2 id="companies-heading" className="text-base font-semibold">
          Your companies
        </h2>
        {companies.length === 0 ? (
          <EmptyState
            icon={Building2}
            headingLevel="h3"
            title="No companies yet"
            description="Create one above when an employer buys memberships for its staff."
          />
        ) : (
          <Table aria-labelledby="companies-heading">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="text-right">Linked clients</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {companies.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link
                      href={`/dashboard/companies/${c.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {c.name}
                    </Link>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.clientCount}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(c.createdAt, ctx.studio.timezone)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
