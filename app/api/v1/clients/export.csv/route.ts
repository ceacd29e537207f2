import { route } from "@/lib/api/handler";
import { exportClientsEndpoint } from "@/lib/api/endpoints";

export const GET = route(exportClientsEndpoint);
