import { route } from "@/lib/api/handler";
import { getMembershipEndpoint } from "@/lib/api/endpoints";

export const GET = route(getMembershipEndpoint);
