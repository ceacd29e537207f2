import { route } from "@/lib/api/handler";
import { getPermissionsByEmailEndpoint } from "@/lib/api/endpoints";

export const GET = route(getPermissionsByEmailEndpoint);
