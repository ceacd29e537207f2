import { route } from "@/lib/api/handler";
import { cancelMembershipEndpoint } from "@/lib/api/endpoints";

export const POST = route(cancelMembershipEndpoint);
