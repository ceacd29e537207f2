import { route, exportClientsEndpoint } from "@/lib/api";

export const GET = route(exportClientsEndpoint);
