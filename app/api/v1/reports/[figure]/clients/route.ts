import { route } from "@/lib/api/handler";
import { listReportClientsEndpoint } from "@/lib/api/endpoints";

export const GET = route(listReportClientsEndpoint);
