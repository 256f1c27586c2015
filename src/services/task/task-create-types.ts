// Shapes shared by task creation and its repository.

/** tasks.fail_recall: automatic redial of failed calls (5.7.2 is_auto_fail_recall …). */
export interface FailRecall {
  enabled: boolean;
  times: number;
  /** Minutes between attempts. */
  interval: number;
  /** End reasons (§4.6) that are redialed. */
  reasons: string[];
}

/** The answer of the task-creating endpoints (5.7.20's shape, which 5.7.1/5.7.2 clients read). */
export interface TaskCreated {
  /** Rows accepted: known at once for JSON; null for uploads (read by the job; see 5.7.3/5.7.4). */
  total: number | null;
  dial_task_main_sn: string;
  dial_task_main_id: number;
}
