"use client";

import type { ChangeEvent, FormEvent } from "react";
import { Search, X } from "lucide-react";
import { Button, Checkbox, Field, Input, NativeSelect } from "@/app/_ui";
import { CLIENT_STATUS_LABELS, STATUS_OPTIONS } from "./labels";
import { ListLink } from "./list-link";
import {
  CLIENTS_PATH,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  changedHref,
  clearedHref,
  hasFilters,
  type ListState,
} from "./url-state";

export type FilterOption = { value: string; label: string };

type ToolbarProps = {
  state: ListState;
  /** R4: the studio's tags with how many clients carry each. */
  tags: FilterOption[];
  plans: FilterOption[];
  companies: FilterOption[];
  navigate: (href: string) => void;
};

/** The options, plus the current value when the studio no longer has it (a bookmarked view of a removed tag). */
function withCurrent(
  options: FilterOption[],
  current: string | undefined,
  label: (v: string) => string,
): FilterOption[] {
  if (!current || options.some((o) => o.value === current)) return options;
  return [...options, { value: current, label: label(current) }];
}

/**
 * The list's search and filters, one GET form: every change goes into the
 * address (page back to 1), so the view can be bookmarked. Without JavaScript
 * the form still submits to the same address.
 */
export function ClientsToolbar({ state, tags, plans, companies, navigate }: ToolbarProps) {
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" && v.trim() ? v.trim() : undefined;
    };
    navigate(
      changedHref(state, {
        q: value("q"),
        status: value("status"),
        growing: form.has("growing"),
        tag: value("tag"),
        plan: value("plan"),
        company: value("company"),
      }),
    );
  }
  const applyNow = (e: ChangeEvent<HTMLSelectElement | HTMLInputElement>) => e.currentTarget.form?.requestSubmit();

  const tagOptions = withCurrent(tags, state.tag, (t) => `${t} (0)`);
  const planOptions = withCurrent(plans, state.plan, () => "Unknown plan");
  const companyOptions = withCurrent(companies, state.company, () => "Unknown company");

  return (
    <form
      role="search"
      aria-label="Search and filter clients"
      action={CLIENTS_PATH}
      method="get"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3"
    >
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Search clients" htmlFor="clients-q" className="min-w-56 flex-1">
          <Input
            key={`q:${state.q ?? ""}`}
            name="q"
            type="search"
            defaultValue={state.q}
            placeholder="Name, email or phone"
            maxLength={200}
            autoComplete="off"
          />
        </Field>
        <Button type="submit" variant="outline">
          <Search aria-hidden="true" /> Search
        </Button>
      </div>

      <div className="flex flex-wrap items-end gap-3">
        <Field label="Status" htmlFor="clients-status" className="w-36">
          <NativeSelect
            key={`status:${state.status ?? ""}`}
            name="status"
            defaultValue={state.status ?? ""}
            onChange={applyNow}
          >
            <option value="">Any status</option>
            {STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {CLIENT_STATUS_LABELS[s]}
              </option>
            ))}
          </NativeSelect>
        </Field>

        <div className="flex h-9 items-center">
          <Checkbox
            key={`growing:${state.growing}`}
            name="growing"
            value="true"
            defaultChecked={state.growing}
            onChange={applyNow}
            label="Growing (3–5 bookings)"
          />
        </div>

        {tagOptions.length ? (
          <Field label="Tag" htmlFor="clients-tag" className="w-44">
            <NativeSelect key={`tag:${state.tag ?? ""}`} name="tag" defaultValue={state.tag ?? ""} onChange={applyNow}>
              <option value="">Any tag</option>
              {tagOptions.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}

        {planOptions.length ? (
          <Field label="Plan" htmlFor="clients-plan" className="w-48">
            <NativeSelect
              key={`plan:${state.plan ?? ""}`}
              name="plan"
              defaultValue={state.plan ?? ""}
              onChange={applyNow}
            >
              <option value="">Any plan</option>
              {planOptions.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}

        {companyOptions.length ? (
          <Field label="Company" htmlFor="clients-company" className="w-48">
            <NativeSelect
              key={`company:${state.company ?? ""}`}
              name="company"
              defaultValue={state.company ?? ""}
              onChange={applyNow}
            >
              <option value="">Any company</option>
              {companyOptions.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}

        {hasFilters(state) ? (
          <Button asChild variant="ghost">
            <ListLink href={clearedHref(state)} navigate={navigate}>
              <X aria-hidden="true" /> Clear filters
            </ListLink>
          </Button>
        ) : null}
      </div>

      {/* The order and page size stay when the filters change (without JavaScript too). */}
      {state.sort !== DEFAULT_SORT ? <input type="hidden" name="sort" value={state.sort} /> : null}
      {state.size !== DEFAULT_PAGE_SIZE ? <input type="hidden" name="size" value={state.size} /> : null}
      {/* R9: a report figure's people stay the question while the other filters narrow it. */}
      {state.figure ? <input type="hidden" name="figure" value={state.figure} /> : null}
      {state.from ? <input type="hidden" name="from" value={state.from} /> : null}
      {state.to ? <input type="hidden" name="to" value={state.to} /> : null}
    </form>
  );
}
