// task_numbers is written a million rows at a time by imports and read by the dialer one claim at a time, so each
// index on it is paid for by every imported row. A freshly imported number (status 0, no next attempt) is found
// through task_numbers_fresh (task_id, id); task_numbers_due now holds every other row — redials, put-back
// numbers, and the dialed, cancelled and held-back ones that lists filter by status — and no longer a second entry
// for each fresh number. Queries over waiting numbers read both (fresh ∪ due); see dial-plan.repository.ts.
export const name = 'task-numbers-due-partial';

export const up = String.raw`
DROP INDEX task_numbers_due;
CREATE INDEX task_numbers_due ON task_numbers(task_id, status, next_attempt_at, id)
  WHERE status <> 0 OR next_attempt_at IS NOT NULL;
`;
