import { route, extendMembershipEndpoint } from "@/lib/api";

export const POST = route(extendMembershipEndpoint);
