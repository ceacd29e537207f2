import { route } from "@/lib/api/handler";
import { createMembershipEndpoint } from "@/lib/api/endpoints";

export const POST = route(createMembershipEndpoint);
