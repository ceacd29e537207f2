import { route, importMembershipsEndpoint } from "@/lib/api";

export const POST = route(importMembershipsEndpoint);
