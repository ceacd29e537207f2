import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Button, Card, CardContent, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { NewClientForm } from "./new-client-form";

export const metadata: Metadata = { title: "Add a client" };

export default async function NewClientPage() {
  await requireStaffContext();
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Add a client"
        description="Each email is one client: if it already belongs to someone, Roster links you to them instead of creating a duplicate."
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/clients">
              <ArrowLeft aria-hidden="true" /> All clients
            </Link>
          </Button>
        }
      />
      <Card>
        <CardContent className="pt-5">
          <NewClientForm />
        </CardContent>
      </Card>
    </div>
  );
}
