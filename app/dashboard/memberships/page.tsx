import type { Metadata } from "next";
import { CreditCard } from "lucide-react";
import { EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";

export const metadata: Metadata = { title: "Memberships" };

export default async function MembershipsPage() {
  await requireStaffContext();
  return (
    <>
      <PageHeader title="Memberships" description="Plans you sell: recurring memberships, passes and session packs." />
      <EmptyState
        icon={CreditCard}
        title="No membership plans yet"
        description="Membership plans and their members will be listed here."
      />
    </>
  );
}
