// A task the dialer paused because its line stopped answering (SIP OPTIONS) waits for that line: the line is
// kept here, so a restarted dialer still knows to resume the task once the line answers again, and only then.
// Any other change of the task's state (an operator's pause or resume, a finish) clears it.
export const name = 'task-paused-for-line';

export const up = String.raw`
ALTER TABLE tasks ADD COLUMN paused_for_line_id bigint REFERENCES lines(id) ON DELETE SET NULL;
CREATE INDEX tasks_paused_for_line ON tasks(paused_for_line_id) WHERE paused_for_line_id IS NOT NULL;
`;
