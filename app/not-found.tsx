import Link from "next/link";
import { Button } from "@/app/_ui";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold">We could not find that page</h1>
      <p className="mt-2 text-muted-foreground">The link may be old, or the page belongs to another studio.</p>
      <Button asChild className="mt-6">
        <Link href="/">Go to the home page</Link>
      </Button>
    </main>
  );
}
