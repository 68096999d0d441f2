/**
 * 97 (we ask the ACS to send its last answer again: its checksum failed here) and 96 (the ACS
 * asks us to send our last request again). Both carry a checksum but never a sequence number.
 */
import type { Sip2Message } from './message';

export const ACS_RESEND: Sip2Message = { id: '97', fixed: '', fields: [] };
export const SC_RESEND: Sip2Message = { id: '96', fixed: '', fields: [] };
