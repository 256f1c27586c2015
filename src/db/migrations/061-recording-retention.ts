// Recording retention: audio older than the team's retention period is deleted and the record keeps when
// (recordfile cleared, recording_deleted_at set). The partial index finds the records still holding audio.
export const name = 'recording-retention';

export const up = String.raw`
ALTER TABLE call_records ADD COLUMN IF NOT EXISTS recording_deleted_at timestamptz;
CREATE INDEX IF NOT EXISTS call_records_team_recorded
  ON call_records(team_id, created_at) WHERE recordfile IS NOT NULL;
`;
