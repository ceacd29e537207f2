import { route, addClientNoteEndpoint, listClientNotesEndpoint } from "@/lib/api";

export const GET = route(listClientNotesEndpoint);
export const POST = route(addClientNoteEndpoint);
