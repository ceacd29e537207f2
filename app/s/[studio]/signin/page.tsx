import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { SignInForm } from "@/app/_components/sign-in-form";
import { memberSignInAction } from "../actions";
import { portalStudio } from "../portal";

export const metadata = { title: "Sign in" };

export default async function MemberSignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string }>;
  searchParams: Promise<{ next?: string }>;
}) {
  const studio = await portalStudio((await params).studio);
  const { next } = await searchParams;
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <CardDescription>to book and manage your classes at {studio.name}.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm
          action={memberSignInAction}
          next={typeof next === "string" ? next : `/s/${studio.slug}`}
          studio={studio.slug}
        />
        <p className="mt-4 text-sm">
          <Link
            className="font-medium text-brand-700 underline underline-offset-2"
            href={`/s/${studio.slug}/forgot-password`}
          >
            Forgot password?
          </Link>
        </p>
        <p className="mt-6 text-sm text-muted-foreground">
          No account yet?{" "}
          <Link className="font-medium text-brand-700 underline underline-offset-2" href={`/s/${studio.slug}/signup`}>
            Create one
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
