import { cn } from "./cn";

/**
 * An email that may wrap only before its "@" (never mid-word, at a hyphen or dot), so the column is as wide as the
 * longer half rather than the whole address, and no address reads as two.
 */
export function EmailText({ email, className }: { email: string; className?: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return <span className={cn("break-words", className)}>{email}</span>;
  return (
    <span className={className}>
      <span className="whitespace-nowrap">{email.slice(0, at)}</span>
      <wbr />
      <span className="whitespace-nowrap">{email.slice(at)}</span>
    </span>
  );
}
