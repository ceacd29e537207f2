import { route } from "@/lib/api/handler";
import { getReportSummaryEndpoint } from "@/lib/api/endpoints";

export const GET = route(getReportSummaryEndpoint);
