import { route } from "@/lib/api/handler";
import { recordPaymentEndpoint } from "@/lib/api/endpoints";

export const POST = route(recordPaymentEndpoint);
