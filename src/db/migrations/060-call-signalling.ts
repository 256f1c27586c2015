// The carrier's own words on each call: the raw SIP final status and reason phrase next to the mapped result
// (404 空号 … 503 线路故障), so an operator can see what the network said. NULL for simulated calls.
export const name = 'call-signalling';

export const up = String.raw`
ALTER TABLE call_records
  ADD COLUMN IF NOT EXISTS sip_status smallint,
  ADD COLUMN IF NOT EXISTS sip_reason text NOT NULL DEFAULT '';
`;
