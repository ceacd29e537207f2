import { route, cancelMembershipEndpoint } from "@/lib/api";

export const POST = route(cancelMembershipEndpoint);
