import { route } from "@/lib/api/handler";
import { expireDueMembershipsEndpoint } from "@/lib/api/endpoints";

export const POST = route(expireDueMembershipsEndpoint);
