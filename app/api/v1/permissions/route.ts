import { route, getPermissionsByEmailEndpoint } from "@/lib/api";

export const GET = route(getPermissionsByEmailEndpoint);
