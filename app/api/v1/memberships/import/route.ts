import { route } from "@/lib/api/handler";
import { importMembershipsEndpoint } from "@/lib/api/endpoints";

export const POST = route(importMembershipsEndpoint);
