import { route, expireDueMembershipsEndpoint } from "@/lib/api";

export const POST = route(expireDueMembershipsEndpoint);
