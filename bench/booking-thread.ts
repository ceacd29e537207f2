/**
 * One thread of the booking bench's domain rows (bench/booking.ts `domainRun`): opens its own connections, warms
 * up, says it is ready, runs its workers' book-then-cancel pairs through lib/ when told to go, and posts every
 * pair's latencies back to be merged with the other thread's.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "@/db";
import { domainPair, sample, type BookingThreadData, type BookingThreadMessage } from "./booking";

const data = workerData as BookingThreadData;
const port = parentPort!;
const post = (m: BookingThreadMessage) => port.postMessage(m);

const handle = await openDatabase({ kind: "postgres", url: data.url, max: data.workers });
try {
  const samples = await sample(
    data.workers,
    data.seconds,
    (w, k) => domainPair(data.setup, handle.db, data.offset + w, k),
    {
      ready: () =>
        new Promise<void>((resolve) => {
          port.once("message", () => resolve());
          post({ kind: "ready" });
        }),
    },
  );
  post({ kind: "samples", samples });
} catch (e) {
  post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
} finally {
  await handle.close();
}
