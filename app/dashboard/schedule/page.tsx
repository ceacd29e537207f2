import type { Metadata } from "next";
import { CalendarDays } from "lucide-react";
import { EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage() {
  const ctx = await requireStaffContext();
  return (
    <>
      <PageHeader title="Schedule" description={`Class times are shown in ${ctx.studio.timezone}.`} />
      <EmptyState
        icon={CalendarDays}
        title="No classes yet"
        description="Your classes and their weekly schedule will appear here."
      />
    </>
  );
}
