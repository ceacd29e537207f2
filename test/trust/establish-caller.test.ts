import { describe, expect, it } from "vitest";
import {
  allServerActions,
  analyseActionFile,
  CONTEXT_BUILDERS,
  PUBLIC_ACTIONS,
  serverActionFiles,
} from "./server-actions";

/**
 * CI check (issue 9, STYLE.md "Every exported action authenticates itself"):
 * every export of a "use server" module establishes its caller before anything
 * else can happen, or is on the public allow-list with its reason. Static: the
 * source text is parsed, so a new action is checked the day it is written.
 */

/** The offending exports, each as one line naming file and export. */
function violations(actions = allServerActions()): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (a.problem) out.push(`${a.key}: ${a.problem}`);
    else if (!a.async) out.push(`${a.key}: a "use server" export must be an async function`);
    else if (!a.kind && !(a.key in PUBLIC_ACTIONS)) {
      out.push(
        `${a.key}: never establishes its caller. Call one of ${Object.keys(CONTEXT_BUILDERS).join(", ")} ` +
          `unconditionally (directly or through a helper of the same file) before any work, ` +
          `or add it to PUBLIC_ACTIONS in test/trust/server-actions.ts with the reason it is public.`,
      );
    }
  }
  return out;
}

describe("trust: every server action establishes its caller (issue 9, STYLE.md)", () => {
  it("finds the server action modules by their directive, not by a list", () => {
    const files = serverActionFiles();
    // A floor, not a list: the modules that exist when this was written must be found.
    expect(files).toEqual(
      expect.arrayContaining([
        "app/(auth)/actions.ts",
        "app/dashboard/clients/actions.ts",
        "app/s/[studio]/booking-actions.ts",
      ]),
    );
    expect(allServerActions().length).toBeGreaterThanOrEqual(60);
  });

  it('every exported function of a "use server" module calls a context builder, or is public with a reason', () => {
    expect(violations(), "exports that do not establish their caller").toEqual([]);
  });

  it("the public allow-list names only exports that exist", () => {
    const keys = new Set(allServerActions().map((a) => a.key));
    expect(Object.keys(PUBLIC_ACTIONS).filter((k) => !keys.has(k))).toEqual([]);
  });

  it("the check fails on an action that never establishes its caller, or does so only in a branch or callback", () => {
    const source = `"use server";
import { requireStaffContext } from "@/lib/auth/context";
async function helper() { return requireStaffContext(); }
export async function good(_: unknown, form: FormData) { const ctx = await helper(); return { ok: !!ctx && !!form }; }
export async function none(_: unknown, form: FormData) { return { ok: !!form }; }
export async function branch(_: unknown, form: FormData) { if (form.get("x")) await requireStaffContext(); return { ok: true }; }
export async function callback(_: unknown, form: FormData) { return [form].map(async () => requireStaffContext()); }
export const arrow = async () => ({ ok: true });
export { helper as reexported };
export { x } from "./elsewhere";
export const wrapped = staffAction(Schema, async (ctx, input) => ({ ok: !!ctx && !!input }));
export const wrappedVerb = staffAction(Schema, verb);
export const wrappedPlain = staffFormAction(Schema, verb, after);
export const notAWrapper = somethingElse(Schema, async () => ({ ok: true }));
`;
    const actions = analyseActionFile("app/fake/actions.ts", source);
    expect(actions.find((a) => a.name === "good")).toMatchObject({ kind: "staff", builders: ["requireStaffContext"] });
    expect(actions.find((a) => a.name === "reexported")).toMatchObject({ kind: "staff" });
    // The one wrapper (app/_lib/staff-action.ts) establishes the caller, whatever the body is; its action takes (state, form).
    expect(actions.find((a) => a.name === "wrapped")).toMatchObject({
      kind: "staff",
      builders: ["staffAction"],
      params: ["_state", "form"],
      paramTypes: ["FormState", "FormData"],
    });
    expect(actions.find((a) => a.name === "wrappedVerb")).toMatchObject({ kind: "staff" });
    // Its plain-form sibling (a button in a list, no form state) is called with the form alone.
    expect(actions.find((a) => a.name === "wrappedPlain")).toMatchObject({
      kind: "staff",
      builders: ["staffFormAction"],
      params: ["form"],
      paramTypes: ["FormData"],
    });
    expect(actions.find((a) => a.name === "wrappedVerb")?.problem).toBeUndefined();
    expect(violations(actions)).toEqual([
      expect.stringMatching(/^app\/fake\/actions\.ts#none: never establishes its caller/),
      expect.stringMatching(/^app\/fake\/actions\.ts#branch: never establishes/),
      expect.stringMatching(/^app\/fake\/actions\.ts#callback: never establishes/),
      expect.stringMatching(/^app\/fake\/actions\.ts#arrow: never establishes/),
      expect.stringMatching(/^app\/fake\/actions\.ts#export \{ x \} from "\.\/elsewhere";: a re-export/),
      expect.stringMatching(/^app\/fake\/actions\.ts#notAWrapper: never establishes/),
    ]);
  });
});
