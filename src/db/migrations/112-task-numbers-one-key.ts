// Every imported number pays for each foreign key of task_numbers with a lookup in the parent table: two per row
// (team, task) cost as much PostgreSQL CPU as the row's own indexes. One composite key to the task, (task_id,
// team_id) → tasks(id, team_id), checks both at once and says more: a number belongs to its task's team. The team's
// existence follows through the task's own key; deleting a task still deletes its numbers.
export const name = 'task-numbers-one-key';

export const up = String.raw`
CREATE UNIQUE INDEX tasks_id_team ON tasks(id, team_id);
ALTER TABLE task_numbers
  DROP CONSTRAINT task_numbers_team_id_fkey,
  DROP CONSTRAINT task_numbers_task_id_fkey,
  ADD CONSTRAINT task_numbers_task_team_fkey FOREIGN KEY (task_id, team_id)
    REFERENCES tasks(id, team_id) ON DELETE CASCADE;
`;
