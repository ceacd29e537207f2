import { route, markPaymentPaidEndpoint } from "@/lib/api";

export const POST = route(markPaymentPaidEndpoint);
