/** E1: the one line a studio pastes into its website. */
export function embedSnippet(appOrigin: string, slug: string): string {
  return `<script src="${appOrigin}/embed.js" data-studio="${slug}" async></script>`;
}

/** E2: how a studio's server mints a sign-in token (Node, no dependencies); the README shows the same. */
export function embedTokenExample(slug: string): string {
  return `import { createHmac, randomUUID } from "node:crypto";
const b64 = (x) => Buffer.from(JSON.stringify(x)).toString("base64url");
export function rosterEmbedToken(user) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: "HS256", typ: "JWT" });
  const body = b64({ iss: "${slug}", aud: "roster-embed", sub: String(user.id), email: user.email,
    name: user.name, iat: now, exp: now + 300, jti: randomUUID() });
  const sig = createHmac("sha256", process.env.ROSTER_EMBED_SECRET).update(\`\${head}.\${body}\`).digest("base64url");
  return \`\${head}.\${body}.\${sig}\`;
}`;
}
