import { route, getMembershipEndpoint } from "@/lib/api";

export const GET = route(getMembershipEndpoint);
