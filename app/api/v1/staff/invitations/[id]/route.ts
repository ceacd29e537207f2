import { route, revokeInvitationEndpoint } from "@/lib/api";

export const DELETE = route(revokeInvitationEndpoint);
