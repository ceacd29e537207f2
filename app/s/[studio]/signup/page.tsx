import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { portalStudio } from "../portal";
import { MemberSignUpForm } from "./member-sign-up-form";

export const metadata = { title: "Create your account" };

export default async function MemberSignUpPage({ params }: { params: Promise<{ studio: string }> }) {
  const studio = await portalStudio((await params).studio);
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle as="h1">Create your account</CardTitle>
        <CardDescription>
          at {studio.name}. Already have a Roster login from another studio? Use the same email and password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <MemberSignUpForm studio={studio.slug} studioName={studio.name} />
        <p className="mt-6 text-sm text-muted-foreground">
          Have an account?{" "}
          <Link className="font-medium text-brand-700 underline underline-offset-2" href={`/s/${studio.slug}/signin`}>
            Sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
