import { route } from "@/lib/api/handler";
import { refundPaymentEndpoint } from "@/lib/api/endpoints";

export const POST = route(refundPaymentEndpoint);
