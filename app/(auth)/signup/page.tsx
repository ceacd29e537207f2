import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { SignUpStudioForm } from "./sign-up-studio-form";

export const metadata: Metadata = { title: "Create your studio" };

export default function SignUpPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Create your studio</CardTitle>
        <CardDescription>You will be its owner. You can invite instructors later.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpStudioForm timezones={[...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])]} />
        <p className="mt-6 text-sm text-muted-foreground">
          Already have a studio?{" "}
          <Link className="font-medium text-brand-700 underline underline-offset-2" href="/signin">
            Sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
