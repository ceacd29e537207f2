import { route, listDuePaymentsEndpoint, recordPaymentEndpoint } from "@/lib/api";

export const GET = route(listDuePaymentsEndpoint);
export const POST = route(recordPaymentEndpoint);
