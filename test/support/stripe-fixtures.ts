import { afterAll, afterEach, beforeAll } from "vitest";
import type { Ctx } from "@/lib/core/ctx";
import { refreshStripeAccount, startStripeConnect } from "@/lib/stripe/connect";
import { makeStudio } from "./fixtures";
import { TEST_ORIGIN } from "./identity";
import { makeClient } from "./membership-fixtures";
import { startTestStripe, type TestStripe } from "./stripe-server";

type ConnectedStudioOptions = {
  connect?: boolean;
  charges?: boolean;
  clientName?: string;
  memberUserId?: "owner" | null;
};

/**
 * The recording Stripe server of one test file, with the hooks every Stripe
 * test file needs: started before the file's tests and closed after them;
 * after each test the recorded requests are forgotten, `chargesEnabled` is
 * false again and the Stripe environment is what it was, so a test that did
 * not call `configure()` runs as a studio without Stripe (P0).
 *
 * `stripe` can be held at the top of the file (`const { stripe } = stripeRecorderForFile()`):
 * it stands for the server once `beforeAll` has started it.
 */
export function stripeRecorderForFile(opts: { useForWholeFile?: boolean } = {}) {
  let server: TestStripe | undefined;
  let restore: (() => void) | undefined;
  const started = (): TestStripe => {
    if (!server) throw new Error("stripeRecorderForFile(): the server starts in beforeAll; use it inside a test");
    return server;
  };
  /** Points STRIPE_SECRET_KEY and STRIPE_API_BASE at the server until the end of this test (or the file). */
  const configure = () => {
    restore ??= started().useForStripe();
  };
  /** Puts the Stripe environment back now, as after the test. */
  const unconfigure = () => {
    restore?.();
    restore = undefined;
  };
  beforeAll(async () => {
    server = await startTestStripe();
    if (opts.useForWholeFile) configure();
  });
  afterEach(() => {
    if (!opts.useForWholeFile) unconfigure();
    server?.clear();
    if (server) server.chargesEnabled = false;
  });
  afterAll(async () => {
    unconfigure();
    await server?.close();
  });

  const stripe = new Proxy({} as TestStripe, {
    get: (_, key) => Reflect.get(started(), key),
    set: (_, key, value) => Reflect.set(started(), key, value),
  });

  /** Connects the ctx's studio to Stripe (Connect onboarding at the recorder); `charges: false` leaves it unfinished. */
  async function connect(owner: Ctx, o: { charges?: boolean } = {}): Promise<string> {
    configure();
    const { accountId } = await startStripeConnect(owner, { origin: TEST_ORIGIN });
    stripe.chargesEnabled = o.charges !== false;
    await refreshStripeAccount(owner);
    return accountId;
  }

  /**
   * A studio, its owner, a client and that client's member ctx, with Stripe
   * configured and (unless `connect: false`) a connected account that can take
   * charges (`charges: false`: onboarding unfinished). The recorder is cleared
   * after, so a test sees only its own calls.
   */
  async function connectedStudio<O extends ConnectedStudioOptions>(o: O = {} as O) {
    configure();
    const s = await makeStudio();
    const owner = await s.owner();
    const accountId = (
      o.connect === false ? null : await connect(owner, { charges: o.charges })
    ) as O["connect"] extends false ? null : string;
    const client = await makeClient(owner, o.clientName ?? "Maja");
    const member = await s.ctx({
      kind: "member",
      userId: o.memberUserId === "owner" ? s.ownerId : null,
      clientId: client.id,
    });
    stripe.clear();
    return { s, owner, client, member, accountId };
  }

  return { stripe, configure, unconfigure, connect, connectedStudio };
}
