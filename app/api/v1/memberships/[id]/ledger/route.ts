import { route, getMembershipLedgerEndpoint } from "@/lib/api";

export const GET = route(getMembershipLedgerEndpoint);
