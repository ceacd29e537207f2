/**
 * Runs once when the server process starts (not during `next build`): checks
 * configuration, opens and migrates the database, and on a fresh embedded
 * database in development fills in the demo studio.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/server/start");
  await startServer();
}
