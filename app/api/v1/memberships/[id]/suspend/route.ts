import { route } from "@/lib/api/handler";
import { suspendMembershipEndpoint } from "@/lib/api/endpoints";

export const POST = route(suspendMembershipEndpoint);
