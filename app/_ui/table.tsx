import type { ComponentProps } from "react";
import { cn } from "./cn";
import { TableScroller } from "./table-scroller";

export type TableProps = ComponentProps<"table"> & {
  /** Classes for the scrolling wrapper (border/radius live there). */
  wrapperClassName?: string;
};

/** Semantic table in a horizontally scrollable, bordered wrapper that never widens the page (TableScroller). */
export function Table({ className, wrapperClassName, ...props }: TableProps) {
  return (
    <TableScroller
      className={cn(
        "relative w-full overflow-x-auto rounded-lg border border-border bg-surface shadow-sm",
        wrapperClassName,
      )}
    >
      <table className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props} />
    </TableScroller>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("bg-canvas [&_tr]:border-b [&_tr]:border-border", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn(
        "border-b border-border transition-colors hover:bg-canvas data-[state=selected]:bg-brand-50",
        className,
      )}
      {...props}
    />
  );
}

/** Column header; `scope="col"` by default (pass scope="row" for row headers). */
export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-10 px-4 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 align-middle", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return (
    <caption
      className={cn("border-t border-border px-4 py-3 text-left text-sm text-muted-foreground", className)}
      {...props}
    />
  );
}
