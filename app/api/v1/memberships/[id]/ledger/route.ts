import { route } from "@/lib/api/handler";
import { getMembershipLedgerEndpoint } from "@/lib/api/endpoints";

export const GET = route(getMembershipLedgerEndpoint);
