import { route } from "@/lib/api/handler";
import { getClientPermissionsEndpoint } from "@/lib/api/endpoints";

export const GET = route(getClientPermissionsEndpoint);
