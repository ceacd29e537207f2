import Link from "next/link";

export function Logo({ href = "/", label = "Roster" }: { href?: string; label?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 rounded-md font-semibold tracking-tight">
      <span
        aria-hidden="true"
        className="grid size-8 place-items-center rounded-lg bg-brand-700 text-sm font-bold text-white"
      >
        R
      </span>
      <span className="text-lg">{label}</span>
    </Link>
  );
}
