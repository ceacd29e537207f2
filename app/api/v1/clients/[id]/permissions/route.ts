import { route, getClientPermissionsEndpoint } from "@/lib/api";

export const GET = route(getClientPermissionsEndpoint);
