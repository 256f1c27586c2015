// Kysely types of the columns migration 060 adds to call_records.
import type { Generated } from 'kysely';

declare module './schema-domain.js' {
  interface CallRecordsTable {
    sip_status: number | null;
    sip_reason: Generated<string>;
  }
}
