import { route } from "@/lib/api/handler";
import { markPaymentPaidEndpoint } from "@/lib/api/endpoints";

export const POST = route(markPaymentPaidEndpoint);
