import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Finding the doors: every exported function of every `"use server"` file
 * under app/, and every route handler, read from the source text (TypeScript's
 * parser), so a file added later is picked up without anyone listing it.
 */

export const ROOT = path.resolve(__dirname, "../..");

/**
 * The functions that establish who is calling, from the request's session
 * (lib/auth/context.ts, the portal's per-studio wrappers in app/s/[studio]/portal.ts, and the
 * embed's in app/embed/[studio]/embed.ts).
 * `staff`: a staff ctx or nothing; `member`: a client of the portal's studio; `signed-in`: only a login.
 */
export const CONTEXT_BUILDERS: Record<string, "staff" | "member" | "signed-in"> = {
  requireStaffContext: "staff",
  getStaffContext: "staff",
  getMemberContext: "member",
  portalMember: "member",
  // app/embed/[studio]/embed.ts: the visitor signed in inside the embedded flow (its own sealed cookie, E2).
  embedVisitor: "member",
  sessionUserId: "signed-in",
};

/**
 * Wrappers that make a whole server action (app/_lib/staff-action.ts, STYLE Dec 2026 #3):
 * `export const x = staffAction(Schema, async (ctx, input, form) => …)` establishes its caller before the
 * body runs, and is called as `(state: FormState, form: FormData)`. Its form's fields are the schema's,
 * known at runtime (`formFields` on the action); the matrix adds them.
 */
export const ACTION_WRAPPERS: Record<string, "staff" | "member" | "signed-in"> = {
  staffAction: "staff",
  // The same for a plain `<form action>` (no form state): called as `(form: FormData)`.
  staffFormAction: "staff",
};

/** How each wrapper's action is called: `staffAction`'s as `(state, form)`, `staffFormAction`'s as `(form)`. */
const WRAPPER_PARAMS: Record<string, { params: string[]; paramTypes: string[] }> = {
  staffAction: { params: ["_state", "form"], paramTypes: ["FormState", "FormData"] },
  staffFormAction: { params: ["form"], paramTypes: ["FormData"] },
};

/**
 * Server actions that are doors for people with no session yet, each with why.
 * The matrix still checks that they cannot touch another studio's rows.
 */
export const PUBLIC_ACTIONS: Record<string, string> = {
  "app/(auth)/actions.ts#signInAction":
    "signing in is how a visitor becomes a caller (rate limited per email and address)",
  "app/(auth)/actions.ts#signUpStudioAction":
    'a new studio for a new login, or a mailed link for an existing one: the same "check your email" for every address (A1, rate limited)',
  "app/(auth)/actions.ts#resendStudioSignUpAction":
    "A1: mails the pending studio sign-up link again; the same answer for every address (rate limited)",
  "app/(auth)/actions.ts#signOutAction": "ends the caller's own session (A3: its server-side row too)",
  "app/s/[studio]/actions.ts#memberSignInAction": "portal sign-in of the studio in the form (H3 refusals inside)",
  "app/s/[studio]/actions.ts#memberSignUpAction":
    'portal sign-up: the same "check your email" for every address; links nothing until the mailed link (A1, rate limited)',
  "app/s/[studio]/actions.ts#resendVerificationAction":
    "A1: mails a new verification link to an unverified login; the same answer for every address (rate limited)",
  "app/s/[studio]/booking-actions.ts#guestBookAction":
    "a visitor asks for a drop-in by name and email; held until the mailed link confirms it (A5, rate limited)",
  "app/s/[studio]/confirm/actions.ts#confirmByEmailAction":
    "A5: the mailed link's single-use token is the credential (guest booking, household invitation)",
  "app/s/[studio]/unsubscribe/actions.ts#unsubscribeAction":
    "C2: an automated mail's unsubscribe link; the token, HMAC-signed over the studio and the client, is the credential",
  "app/(auth)/verify/actions.ts#verifyEmailAction":
    "A1: the mailed link's single-use token plus the login's password are the credential (throttled like sign-in)",
  "app/embed/[studio]/actions.ts#embedRegisterAction":
    'E2: a visitor registers inside the embedded flow; the same "check your email" for every address (A1, rate limited)',
  "app/embed/[studio]/actions.ts#embedResendAction":
    "A1: mails a new verification link to an unverified login; the same answer for every address (rate limited)",
  "app/embed/[studio]/actions.ts#embedSignInAction":
    "E2: a visitor signs in inside the embedded flow with a portal login (rate limited)",
  "app/embed/[studio]/actions.ts#embedTokenAction":
    "E2: the studio's signed, single-use token names the visitor; the token is the credential",
  "app/embed/[studio]/actions.ts#embedSignOutAction": "ends the embed's own session (A3: its server-side row too)",
  "app/(auth)/password-actions.ts#forgotPasswordAction":
    "A2: mails a reset link to the address typed, if it has a login; the same answer for every address (rate limited)",
  "app/(auth)/password-actions.ts#resetPasswordAction":
    "A2: the mailed token is the credential (hashed, single use, 30 minutes); signs nobody in",
  "app/(auth)/password-actions.ts#confirmEmailAction":
    "a change of email completes with the token mailed to the new address; the token is the credential",
  "app/(auth)/invite/[token]/actions.ts#acceptInvitationSignupAction":
    "T1: a new login through an invitation; the single-use token mailed to the address is the credential (and proves it, A1)",
};

export type ActionExport = {
  /** Path from the project root, with forward slashes. */
  file: string;
  name: string;
  /** `file#name`, the key of the allow-lists. */
  key: string;
  /** Parameter names as written. */
  params: string[];
  /** Parameter types as written ("FormData", "FormState", "string", …). */
  paramTypes: string[];
  async: boolean;
  /** Builders called unconditionally (directly or through a helper of the same file). */
  builders: string[];
  /** The caller kind those builders establish (the strongest: staff > member > signed-in), or null. */
  kind: "staff" | "member" | "signed-in" | null;
  /** FormData fields the export reads, itself or through helpers of its module (`text(form, "x")`, `form.get("x")`, …). */
  fields: string[];
  /** Why this export could not be analysed (re-exports, default exports), if so. */
  problem?: string;
};

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      walkFiles(full, out);
    } else out.push(full);
  }
  return out;
}

function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join("/");
}

function parse(file: string, text = fs.readFileSync(file, "utf8")): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

/** Whether the module starts with the "use server" directive. */
function isUseServer(sf: ts.SourceFile): boolean {
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) {
      if (st.expression.text === "use server") return true;
      continue;
    }
    return false;
  }
  return false;
}

/** Every `"use server"` module under app/ (tests excluded). */
export function serverActionFiles(): string[] {
  return walkFiles(path.join(ROOT, "app"))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .filter((f) => isUseServer(parse(f)))
    .map(rel)
    .sort();
}

/** Every route handler module under `under` (default app/api). */
export function routeFiles(under = "app/api"): string[] {
  return walkFiles(path.join(ROOT, under))
    .filter((f) => /[\\/]route\.(ts|tsx)$/.test(f))
    .map(rel)
    .sort();
}

function hasExport(node: ts.Node): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasAsync(node: ts.Node): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

type Fn = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The function a top-level const holds: `async () => …`, `function …`, or wrapped once (`cache(async …)`). */
function functionOf(init: ts.Expression | undefined): Fn | undefined {
  if (!init) return undefined;
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  if (ts.isCallExpression(init)) {
    const arg = init.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
    return arg as Fn | undefined;
  }
  return undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/**
 * Names called where the call always runs when the function runs: not inside
 * a nested function, a branch of an if/?:/&&/||/??, a loop, a try or a switch.
 */
function unconditionalCalls(fn: Fn): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isIfStatement(node)) return visit(node.expression);
    if (ts.isConditionalExpression(node)) return visit(node.condition);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (
        op === ts.SyntaxKind.AmpersandAmpersandToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.QuestionQuestionToken
      ) {
        return visit(node.left);
      }
    }
    if (ts.isIterationStatement(node, false) || ts.isTryStatement(node) || ts.isSwitchStatement(node)) return;
    if (ts.isCallExpression(node)) {
      const n = calleeName(node);
      if (n) names.push(n);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) {
    if (ts.isBlock(fn.body)) fn.body.statements.forEach(visit);
    else visit(fn.body);
  }
  return names;
}

/** FormData field names a module reads: `helper(form, "x", …)`, `form.get("x")`, `form.getAll("x")`. */
function formFields(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\(\s*form\s*,\s*"([^"]+)"/g)) found.add(m[1]!);
  for (const m of text.matchAll(/form\.get(?:All)?\(\s*"([^"]+)"\s*\)/g)) found.add(m[1]!);
  return [...found].sort();
}

const KIND_ORDER = ["staff", "member", "signed-in"] as const;

/** The exports of one `"use server"` module, analysed. */
export function analyseActionFile(file: string, source?: string): ActionExport[] {
  const text = source ?? fs.readFileSync(path.join(ROOT, file), "utf8");
  const sf = parse(path.join(ROOT, file), text);

  // Top-level functions of the module by name, exported or not.
  const fns = new Map<string, Fn>();
  // Top-level consts made by an action wrapper (`const x = staffAction(…)`), with the wrapper's name.
  const wrapped = new Map<string, string>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) fns.set(st.name.text, st);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isCallExpression(init) && ts.isIdentifier(d.name)) {
          const callee = calleeName(init);
          if (callee && callee in ACTION_WRAPPERS) wrapped.set(d.name.text, callee);
        }
        const fn = functionOf(d.initializer);
        if (fn && ts.isIdentifier(d.name)) fns.set(d.name.text, fn);
      }
    }
  }
  // Which builders each function reaches unconditionally, through helpers of this module (fixpoint).
  const reach = new Map<string, Set<string>>();
  for (const name of fns.keys()) reach.set(name, new Set(wrapped.has(name) ? [wrapped.get(name)!] : []));
  for (const [name, wrapper] of wrapped) if (!reach.has(name)) reach.set(name, new Set([wrapper]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, fn] of fns) {
      const set = reach.get(name)!;
      for (const called of unconditionalCalls(fn)) {
        const add =
          called in CONTEXT_BUILDERS ? [called] : called !== name && reach.has(called) ? [...reach.get(called)!] : [];
        for (const b of add) {
          if (!set.has(b)) {
            set.add(b);
            changed = true;
          }
        }
      }
    }
  }

  // FormData fields each function reads, with those of the helpers of this module it calls (fixpoint).
  const fieldsOf = new Map<string, Set<string>>();
  const callsOf = new Map<string, string[]>();
  for (const [name, fn] of fns) {
    fieldsOf.set(name, new Set(formFields(fn.getText(sf))));
    const called: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const n = calleeName(node);
        if (n && fns.has(n)) called.push(n);
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    callsOf.set(name, called);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, called] of callsOf) {
      const set = fieldsOf.get(name)!;
      for (const c of called) {
        for (const f of fieldsOf.get(c) ?? []) {
          if (!set.has(f)) {
            set.add(f);
            changed = true;
          }
        }
      }
    }
  }

  const out: ActionExport[] = [];
  const describe = (
    name: string,
    fn: Fn | undefined,
    isAsync: boolean,
    problem?: string,
    local = name,
  ): ActionExport => {
    const builders = [...(reach.get(local) ?? [])].sort();
    const kinds = builders.map((b) => CONTEXT_BUILDERS[b] ?? ACTION_WRAPPERS[b]!);
    if (wrapped.has(local)) {
      // The wrapper's action: (state, form) or (form), async, its caller established before the body (the callback) runs.
      return {
        file,
        name,
        key: `${file}#${name}`,
        ...WRAPPER_PARAMS[wrapped.get(local)!]!,
        async: true,
        builders,
        kind: kinds[0] ?? null,
        fields: [...(fieldsOf.get(local) ?? [])].sort(),
      };
    }
    const kind = KIND_ORDER.find((k) => kinds.includes(k)) ?? null;
    return {
      file,
      name,
      key: `${file}#${name}`,
      params: fn ? fn.parameters.map((p) => p.name.getText(sf)) : [],
      paramTypes: fn ? fn.parameters.map((p) => p.type?.getText(sf) ?? "") : [],
      async: isAsync,
      builders,
      kind,
      fields: [...(fieldsOf.get(local) ?? [])].sort(),
      problem,
    };
  };
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && hasExport(st)) {
      const name = st.name?.text ?? "default";
      out.push(
        describe(name, st, hasAsync(st), st.name ? undefined : "a default export: name it, so it can be checked"),
      );
    } else if (ts.isVariableStatement(st) && hasExport(st)) {
      for (const d of st.declarationList.declarations) {
        const name = d.name.getText(sf);
        const fn = functionOf(d.initializer);
        out.push(
          describe(
            name,
            fn,
            !!fn && hasAsync(fn),
            fn ? undefined : "an exported value that is not a function written here",
          ),
        );
      }
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      const names =
        st.exportClause && ts.isNamedExports(st.exportClause)
          ? st.exportClause.elements.filter((e) => !e.isTypeOnly)
          : [];
      if (st.moduleSpecifier || !st.exportClause) {
        out.push(
          describe(
            st.getText(sf),
            undefined,
            false,
            "a re-export from another module: export the function where it is written",
          ),
        );
        continue;
      }
      for (const e of names) {
        const local = (e.propertyName ?? e.name).text;
        const fn = fns.get(local);
        out.push(
          describe(
            e.name.text,
            fn,
            !!fn && hasAsync(fn),
            fn ? undefined : "an export list naming something not written here",
            local,
          ),
        );
      }
    } else if (ts.isExportAssignment(st)) {
      out.push(describe("default", undefined, false, "a default export: name it, so it can be checked"));
    }
  }
  return out;
}

/** Every exported function of every `"use server"` module under app/. */
let analysed: ActionExport[] | undefined;
export function allServerActions(): ActionExport[] {
  analysed ??= serverActionFiles().flatMap((f) => analyseActionFile(f));
  return analysed;
}

/** The HTTP methods a route module exports (`export const GET = …`, `export async function POST`, `export const { GET, POST } = …`). */
export function routeMethods(file: string): string[] {
  const sf = parse(path.join(ROOT, file));
  const methods = new Set<string>();
  const isMethod = (n: string) => ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].includes(n);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && hasExport(st) && st.name && isMethod(st.name.text)) methods.add(st.name.text);
    if (ts.isVariableStatement(st) && hasExport(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && isMethod(d.name.text)) methods.add(d.name.text);
        if (ts.isObjectBindingPattern(d.name))
          for (const el of d.name.elements) if (isMethod(el.name.getText(sf))) methods.add(el.name.getText(sf));
      }
    }
  }
  return [...methods].sort();
}

/** `app/api/v1/clients/[id]/notes/route.ts` → `/api/v1/clients/{id}/notes` (the OpenAPI form of endpoint paths). */
export function routePath(file: string): string {
  return (
    "/" +
    file
      .replace(/^app\//, "")
      .replace(/\/route\.tsx?$/, "")
      .split("/")
      .filter((seg) => !/^\(.*\)$/.test(seg))
      .map((seg) => seg.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"))
      .join("/")
  );
}
