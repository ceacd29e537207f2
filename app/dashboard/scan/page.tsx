import type { Metadata } from "next";
import { PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { Scanner } from "./scanner";

export const metadata: Metadata = { title: "Scan card" };

/** W1: staff scan a member card (camera or typed token) and see the client and each membership's status. */
export default async function ScanPage() {
  await requireStaffContext();
  return (
    <div className="grid max-w-5xl gap-6">
      <PageHeader
        className="mb-0"
        title="Scan card"
        description="Check a client in: scan the QR code on their member card, or type the card token shown under it."
      />
      <Scanner />
    </div>
  );
}
