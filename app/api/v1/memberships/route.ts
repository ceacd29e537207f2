import { route, createMembershipEndpoint } from "@/lib/api";

export const POST = route(createMembershipEndpoint);
