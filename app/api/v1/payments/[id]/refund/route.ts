import { route, refundPaymentEndpoint } from "@/lib/api";

export const POST = route(refundPaymentEndpoint);
