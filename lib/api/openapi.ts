import { z } from "zod";
import { endpoints, ErrorBody, type Endpoint } from "./endpoint";
import { operationIdOf } from "./openapi-names";
import { scopeOf } from "./scopes";
import "./endpoints";

const REFUSAL_TEXT: Record<number, string> = {
  400: "The request does not parse or validate (invalid_input, with fields).",
  401: "No key, or an unknown or revoked key (unauthenticated).",
  403: "The key lacks the role or scope for this call (forbidden).",
  404: "No such id in this studio (not_found).",
  409: "A business rule says no.",
  413: "The body is larger than the API reads (payload_too_large).",
  429: "Too many requests (rate_limited, with Retry-After).",
};

/** The scopes an API key may carry (API.md, December 2026 additions). */
export const API_SCOPES = {
  read: "Read the studio's data.",
  book: "Book and cancel places, check in.",
  message: "Send messages to clients.",
  manage: "Everything, including settings, plans, staff and keys.",
} as const;

type Json = Record<string, unknown>;
type Io = "input" | "output";

const REF = "#/components/schemas/";

/**
 * Collects component schemas while converting zod schemas with zod 4's own
 * `z.toJSONSchema` (X1). zod puts every schema carrying `.meta({ id })` in the
 * root's `$defs`; we lift those into `components/schemas` and point the refs
 * there. A schema converted for input (request) and for output (response)
 * keeps one name when both sides agree and gets `<Name>Input` when they differ
 * (defaults, transforms).
 */
class Components {
  private defs: Record<Io, Map<string, string>> = { input: new Map(), output: new Map() };

  convert(schema: z.ZodType, io: Io): Json {
    const js = z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as Json;
    delete js.$schema;
    const defs = (js.$defs ?? {}) as Record<string, Json>;
    delete js.$defs;
    for (const [id, def] of Object.entries(defs)) {
      const text = JSON.stringify(def);
      const seen = this.defs[io].get(id);
      if (seen !== undefined && seen !== text) throw new Error(`Two different schemas are named "${id}" (${io})`);
      this.defs[io].set(id, text);
    }
    return js;
  }

  /** Final names: `X` for outputs and agreeing inputs, `XInput` for inputs that differ. */
  names(): Map<string, string> {
    const name = new Map<string, string>();
    for (const id of this.defs.output.keys()) name.set(`output:${id}`, id);
    const inputs = [...this.defs.input.keys()];
    for (const id of inputs) name.set(`input:${id}`, id);
    // Fixpoint: an input is its own component when its text differs from the output's once refs are named.
    for (let changed = true; changed;) {
      changed = false;
      for (const id of inputs) {
        if (name.get(`input:${id}`) !== id || !this.defs.output.has(id)) continue;
        const a = rename(this.defs.input.get(id)!, "input", name);
        const b = rename(this.defs.output.get(id)!, "output", name);
        if (a !== b) {
          name.set(`input:${id}`, `${id}Input`);
          changed = true;
        }
      }
    }
    return name;
  }

  schemas(name: Map<string, string>): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const io of ["output", "input"] as const)
      for (const [id, text] of this.defs[io]) out[name.get(`${io}:${id}`)!] = JSON.parse(rename(text, io, name));
    return out;
  }
}

/** Points `#/$defs/X` of one side at its component name. */
function rename(text: string, io: Io, name: Map<string, string>): string {
  return text.replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => JSON.stringify(REF + name.get(`${io}:${id}`)!));
}

/** Every `$ref` target reachable from `root` through the components. */
function reachable(root: unknown, schemas: Record<string, Json>): Set<string> {
  const used = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith(REF)) {
          const id = x.slice(REF.length);
          if (!used.has(id)) {
            used.add(id);
            visit(schemas[id]);
          }
        } else visit(x);
      }
    }
  };
  visit(root);
  return used;
}

/** A JSON Schema without an empty `anyOf` branch (`{}` next to a typed branch says nothing and breaks generators). */
function tidy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(tidy);
  if (!v || typeof v !== "object") return v;
  const o: Json = {};
  for (const [k, x] of Object.entries(v)) o[k] = tidy(x);
  if (Array.isArray(o.anyOf)) {
    const branches = (o.anyOf as unknown[]).filter((b) => !(b && typeof b === "object" && !Object.keys(b).length));
    if (branches.length < (o.anyOf as unknown[]).length) {
      if (branches.length === 0) delete o.anyOf;
      else if (branches.length === 1) {
        delete o.anyOf;
        Object.assign(o, branches[0] as Json);
      } else o.anyOf = branches;
    }
  }
  return o;
}

function parameterDescription(name: string, schema: Json, e: Endpoint): string {
  if (typeof schema.description === "string") return schema.description;
  if (name === "id") return `The id (a UUID) of the ${e.tag.toLowerCase().replace(/s$/, "")} in the path.`;
  return `The ${name}.`;
}

/** An example request body, from the schema's own `examples` or built from its properties. */
const NAMED_EXAMPLES: Record<string, unknown> = {
  email: "ada@example.com",
  name: "Ada Lovelace",
  title: "Morning flow",
  url: "https://example.com/hooks/roster",
  currency: "EUR",
  timezone: "Europe/Warsaw",
  phone: "+48 600 700 800",
};

function exampleOf(schema: Json, schemas: Record<string, Json>, depth = 0, key?: string): unknown {
  if (depth > 6) return undefined;
  if (typeof schema.$ref === "string")
    return exampleOf(schemas[schema.$ref.slice(REF.length)] ?? {}, schemas, depth + 1);
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (key && key in NAMED_EXAMPLES && (schema.type === "string" || schema.anyOf)) return NAMED_EXAMPLES[key];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  for (const branch of ["anyOf", "oneOf"] as const)
    if (Array.isArray(schema[branch])) return exampleOf((schema[branch] as Json[])[0]!, schemas, depth + 1, key);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const keys = Object.keys(props).filter((k) => required.has(k));
      const out: Json = {};
      for (const k of keys.length ? keys : Object.keys(props).slice(0, 1))
        out[k] = exampleOf(props[k]!, schemas, depth + 1, k);
      return out;
    }
    case "array":
      return [exampleOf((schema.items ?? {}) as Json, schemas, depth + 1)].filter((x) => x !== undefined);
    case "string":
      switch (schema.format) {
        case "uuid":
          return "3f1c2a9e-8b7d-4c6e-9a1f-0d2b4e6f8a10";
        case "email":
          return "ada@example.com";
        case "date-time":
          return "2026-12-03T18:30:00+01:00";
        case "date":
          return "2026-12-03";
        case "uri":
          return "https://example.com/hooks/roster";
      }
      return typeof schema.minLength === "number" && schema.minLength > 4 ? "x".repeat(schema.minLength) : "text";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return false;
  }
  return undefined;
}

type Document = {
  openapi: "3.1.0";
  info: Json;
  servers: Json[];
  tags: Json[];
  security: Json[];
  components: { securitySchemes: Json; schemas: Record<string, Json> };
  paths: Record<string, Record<string, Json>>;
};

let cached: Document | undefined;

/**
 * The OpenAPI 3.1 document of the platform API (X1), built from the endpoints'
 * own zod schemas: every named schema (`.meta({ id })`) once under
 * `components/schemas`, an `operationId` on every operation, no unused
 * component. Endpoints declared with `defineEndpoint` appear without more work.
 */
export function openApiDocument(): Document {
  if (cached && cached.paths && Object.values(cached.paths).flatMap(Object.keys).length === endpoints.length)
    return cached;
  const c = new Components();
  // Converted once per schema object and side; the JSON still names its refs by their zod id.
  const memo = new Map<z.ZodType, Partial<Record<Io, string>>>();
  const js = (s: z.ZodType, io: Io) => {
    const m = memo.get(s) ?? {};
    memo.set(s, m);
    return (m[io] ??= `${io}:${JSON.stringify(c.convert(s, io))}`);
  };
  const errorSchema = js(ErrorBody, "output");
  const ids = new Set<string>();
  type Raw = { e: Endpoint; op: Json };
  const raw: Raw[] = [];
  for (const e of endpoints) {
    const operationId = e.operationId ?? operationIdOf(e.method, e.path);
    if (ids.has(operationId)) throw new Error(`Two operations are named "${operationId}"`);
    ids.add(operationId);
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", e.params],
      ["query", e.query],
    ] as const) {
      if (!schema) continue;
      const obj = JSON.parse(js(schema, "input").slice(6)) as {
        properties?: Record<string, Json>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(obj.properties ?? {})) {
        const required = where === "path" || (obj.required?.includes(name) ?? false);
        parameters.push({ name, in: where, required, description: parameterDescription(name, s, e), schema: s });
      }
    }
    const responses: Json = {};
    for (const [status, r] of Object.entries(e.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema && { content: { [r.contentType ?? "application/json"]: { schema: js(r.schema, "output") } } }),
      };
    }
    const refusals = [400, 401, 404, 429, ...Object.keys(e.refusals ?? {}).map(Number)];
    const scope = scopeOf(e);
    refusals.push(403);
    if (e.method !== "GET" && e.method !== "DELETE") refusals.push(413);
    for (const status of [...new Set(refusals)].sort((a, b) => a - b)) {
      const codes = e.refusals?.[status as 403 | 409];
      responses[status] = {
        description: codes ? `${REFUSAL_TEXT[status]} Codes: ${codes.join(", ")}.` : REFUSAL_TEXT[status],
        content: { "application/json": { schema: errorSchema } },
      };
    }
    raw.push({
      e,
      op: {
        operationId,
        summary: e.summary,
        tags: [e.tag],
        // X3: the key needs this scope, or `manage` (everything).
        security: scope === "manage" ? [{ bearer: ["manage"] }] : [{ bearer: [scope] }, { bearer: ["manage"] }],
        ...(parameters.length && { parameters }),
        ...(e.body && {
          requestBody: { required: true, content: { "application/json": { schema: js(e.body, "input") } } },
        }),
        responses,
      },
    });
  }
  const names = c.names();
  const all = c.schemas(names);
  // The "<io>:<json>" strings placed above become schemas with component refs.
  const resolve = (v: unknown): unknown => {
    if (typeof v === "string" && /^(input|output):\{/.test(v)) {
      const io = v.slice(0, v.indexOf(":")) as Io;
      return JSON.parse(rename(v.slice(io.length + 1), io, names));
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  const paths: Document["paths"] = {};
  for (const { e, op } of raw) {
    const done = tidy(resolve(op)) as Json;
    const media = (done.requestBody as { content?: Record<string, Json> } | undefined)?.content?.["application/json"];
    if (media) media.example = exampleOf(media.schema as Json, all);
    (paths[e.path] ??= {})[e.method.toLowerCase()] = done;
  }
  const used = reachable(paths, all);
  const schemas = Object.fromEntries(
    Object.keys(all)
      .filter((k) => used.has(k))
      .sort()
      .map((k) => [k, tidy(all[k]) as Json]),
  );
  const tags = [...new Set(endpoints.map((e) => e.tag))].sort().map((name) => ({ name, description: `${name}.` }));
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Roster platform API",
      version: "1",
      description:
        "Read and change a studio's data. Authenticate with Authorization: Bearer <key> (Settings → API keys).",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/" }],
    tags,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key of one studio (Settings → API keys). Its scopes: " +
            Object.entries(API_SCOPES)
              .map(([k, v]) => `${k} (${v})`)
              .join(", ") +
            ". A call outside the key's scopes is 403 forbidden.",
        },
      },
      schemas,
    },
    paths,
  };
  return cached;
}
