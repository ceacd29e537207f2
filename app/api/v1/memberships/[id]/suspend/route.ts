import { route, suspendMembershipEndpoint } from "@/lib/api";

export const POST = route(suspendMembershipEndpoint);
