import { route } from "@/lib/api/handler";
import { extendMembershipEndpoint } from "@/lib/api/endpoints";

export const POST = route(extendMembershipEndpoint);
