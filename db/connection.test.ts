import { existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { postgresArgs } from "@/db";
import { openQueuePool } from "@/lib/jobs/pg-pool";
import { testDatabaseMode } from "@/test/support/test-database";

describe("DATABASE_URL naming a Unix socket (libpq's `?host=/dir`)", () => {
  it("is given to the postgres driver as its host, the rest of the URL unchanged; a TCP URL is left alone", () => {
    const tcp = "postgres://app:secret@db.example.com:6543/roster?sslmode=require";
    expect(postgresArgs(tcp, { max: 3 })).toEqual([tcp, { max: 3 }]);

    const [url, options] = postgresArgs(
      "postgres://app@localhost:5432/roster?host=/run/postgresql&application_name=x",
      {
        max: 3,
      },
    );
    expect(new URL(url).searchParams.get("host")).toBeNull();
    expect(new URL(url).searchParams.get("application_name")).toBe("x");
    expect(new URL(url).pathname).toBe("/roster");
    expect(options).toEqual({ max: 3, host: "/run/postgresql" });

    // A `host` that is not a directory is not a socket: left to the driver as it was.
    const named = "postgres://app@localhost/roster?host=db.internal";
    expect(postgresArgs(named, {})).toEqual([named, {}]);
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "reaches the same server through its socket, from the app's driver and the job queue's",
    async (ctx) => {
      // The server's maintenance database: DATABASE_URL names the base the test databases are cloned under.
      const server = new URL(process.env.DATABASE_URL!);
      server.pathname = "/postgres";
      const tcpUrl = server.toString();
      const tcp = postgres(...postgresArgs(tcpUrl, { max: 1, onnotice: () => {} }));
      let dir: string | undefined;
      let port: string;
      try {
        const [row] = await tcp<{ dirs: string; port: string }[]>`
          select current_setting('unix_socket_directories') as dirs, current_setting('port') as port`;
        port = row!.port;
        dir = row!.dirs
          .split(",")
          .map((d) => d.trim())
          .find((d) => d.startsWith("/") && existsSync(path.join(d, `.s.PGSQL.${port}`)));
      } finally {
        await tcp.end();
      }
      // A server elsewhere (its socket is on another machine) has nothing to test here.
      if (!dir) return ctx.skip();

      const socketUrl = new URL(tcpUrl);
      socketUrl.hostname = "localhost";
      socketUrl.port = port;
      socketUrl.searchParams.set("host", dir);

      const viaSocket = postgres(...postgresArgs(socketUrl.toString(), { max: 1, onnotice: () => {} }));
      try {
        const [row] = await viaSocket<{ addr: string | null }[]>`select inet_client_addr()::text as addr`;
        expect(row!.addr).toBeNull(); // null: the connection came through the Unix socket, not TCP
      } finally {
        await viaSocket.end();
      }

      const queue = await openQueuePool({ kind: "postgres", url: socketUrl.toString() });
      try {
        const { rows } = await queue.query<{ addr: string | null }>("select inet_client_addr()::text as addr");
        expect(rows[0]!.addr).toBeNull();
      } finally {
        await queue.end();
      }
    },
  );
});
