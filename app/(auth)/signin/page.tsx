import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { SignInForm } from "@/app/_components/sign-in-form";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in to your studio</CardTitle>
        <CardDescription>For owners and instructors. Members sign in on their studio&apos;s page.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm action={signInAction} next={typeof next === "string" ? next : "/dashboard"} />
        <p className="mt-4 text-sm">
          <Link className="font-medium text-brand-700 underline underline-offset-2" href="/forgot-password">
            Forgot password?
          </Link>
        </p>
        <p className="mt-6 text-sm text-muted-foreground">
          New to Roster?{" "}
          <Link className="font-medium text-brand-700 underline underline-offset-2" href="/signup">
            Create your studio
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
