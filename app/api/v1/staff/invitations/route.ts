import { route, inviteStaffEndpoint, listInvitationsEndpoint } from "@/lib/api";

export const GET = route(listInvitationsEndpoint);
export const POST = route(inviteStaffEndpoint);
