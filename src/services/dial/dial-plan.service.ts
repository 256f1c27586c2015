import { dialPlanRepository, type RunningTaskRow } from '../../repositories/dial-plan.repository.js';
import { lineRepository, type LineRow } from '../../repositories/line.repository.js';
import type { Store } from '../../repositories/store.js';
import type { CallingHoursService } from '../calling-hours/calling-hours.service.js';
import { localDate } from '../calling-hours/windows.js';
import type { DialPlan, LineInfo, TaskPlan, TeamPlan } from './dial-types.js';
import { readFrequencyCaps } from './frequency-caps.js';
import { readFailRecall } from './number-outcome.js';
import { TaskStatus } from '../task/task-status.js';

/** How long a read calendar is reused (a calendar loaded with `aicall holidays load` applies within it). */
const CALENDAR_TTL_MS = 10 * 60_000;
/** Days of the holiday calendar loaded ahead (the dialer looks for the next calling window within them). */
const CALENDAR_DAYS = 16;

/** Operator-facing reasons a running task is paused by the platform (tasks.status_reason). */
export const PauseReason = {
  scriptDeleted: '话术已删除,任务已暂停',
  scriptDisabled: '话术已停用,任务已暂停',
  noLine: '没有可用的外呼线路,任务已暂停',
  lineMissing: '任务指定的线路不存在,任务已暂停',
  lineDown: (name: string, why: string) => `线路「${name}」已停用${why ? `(${why})` : ''},任务已暂停`,
  lineFailing: (name: string, n: number, cause: string) =>
    `线路「${name}」连续${n}次呼叫失败(${cause}),任务已暂停,请检查线路后继续任务`,
  scriptInvalid: (why: string) => `话术无法使用(${why}),任务已暂停`,
} as const;

/** Reads what the dialer works from: running tasks with their limits, lines and calling hours. */
export class DialPlanService {
  #calendarCache: { key: string; at: number; days: Map<string, 'holiday' | 'workday'> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly callingHours: CallingHoursService,
  ) {}

  /** Everything running now, grouped by team, with each task's problem (if it cannot run). */
  async load(now: Date): Promise<DialPlan> {
    const db = this.store.system;
    const [rows, waiting] = await Promise.all([
      dialPlanRepository.runningTasks(db),
      dialPlanRepository.pausedForLine(db, TaskStatus.paused),
    ]);
    const byTeam = new Map<string, RunningTaskRow[]>();
    for (const r of rows) byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), r]);
    const teamIds = [...byTeam.keys()];
    const lineTeamIds = [...new Set([...teamIds, ...waiting.map((w) => w.team_id)])];
    // Independent reads, in parallel: the plan is re-read every second.
    const [lineRows, hints, calendar, rules] = await Promise.all([
      lineRepository.forTeams(db, lineTeamIds),
      dialPlanRepository.dueHints(
        db,
        rows.map((r) => r.id),
      ),
      this.#calendar(
        now,
        rows.map((r) => r.timezone),
      ),
      Promise.all(teamIds.map((id) => this.callingHours.rules(id))),
    ]);
    const lines = new Map(lineRows.map((l) => [l.id, lineInfo(l)]));
    const teams: TeamPlan[] = teamIds.map((teamId, i) => {
      const tasks = byTeam.get(teamId) as RunningTaskRow[];
      const first = tasks[0] as RunningTaskRow;
      const teamLines = lineRows.filter((l) => l.team_id === teamId);
      return {
        teamId,
        timezone: first.timezone,
        aiCount: first.ai_count,
        caps: readFrequencyCaps(first.settings),
        rules: rules[i] as TeamPlan['rules'],
        dayKindOf: (date: string) => calendar.get(date),
        tasks: tasks.map((t) => ({
          ...taskPlan(t, teamLines, lines),
          recallDueAt: hints.get(t.id)?.recallAt ?? undefined,
          deferredDueAt: hints.get(t.id)?.deferredAt ?? undefined,
        })),
      };
    });
    const awaitingLine = waiting.map((w) => ({
      taskId: w.id,
      lineId: w.paused_for_line_id as string,
      reason: w.status_reason,
    }));
    return { at: now, teams, lines, awaitingLine };
  }

  /** The robot script of a task (its definition JSON). */
  scriptDefinition(scriptId: string): Promise<unknown> {
    return dialPlanRepository.scriptDefinition(this.store.system, scriptId);
  }

  /** Waiting and redial-waiting numbers per task (for the live view). */
  queues(taskIds: readonly string[]) {
    return dialPlanRepository.queues(this.store.system, taskIds);
  }

  /** The holiday calendar around `now`, read again when the local dates change (it is global and rarely edited). */
  async #calendar(now: Date, timezones: string[]): Promise<Map<string, 'holiday' | 'workday'>> {
    const dates = [...new Set(timezones)].map((tz) => localDate(now, tz)).sort();
    const key = dates.join(',');
    const cached = this.#calendarCache;
    if (cached && cached.key === key && now.getTime() - cached.at < CALENDAR_TTL_MS) return cached.days;
    const days = await this.#readCalendar(now, dates);
    this.#calendarCache = { key, at: now.getTime(), days };
    return days;
  }

  async #readCalendar(now: Date, dates: string[]): Promise<Map<string, 'holiday' | 'workday'>> {
    const from = dates[0] ?? localDate(now, 'UTC');
    const last = new Date(
      Date.parse(`${dates[dates.length - 1] ?? from}T00:00:00Z`) + CALENDAR_DAYS * 86_400_000,
    );
    const rows = await dialPlanRepository.holidays(this.store.system, from, last.toISOString().slice(0, 10));
    return new Map(rows.map((r) => [r.day, r.kind]));
  }
}

function lineInfo(l: LineRow): LineInfo {
  return {
    id: l.id,
    teamId: l.team_id,
    name: l.name,
    kind: l.kind,
    caller: l.caller,
    capacity: l.capacity,
    cps: l.cps ?? undefined,
    config: l.config,
    up: l.status === 'up',
    statusReason: l.status_reason,
    version: `${l.id}@${l.updated_at.getTime()}`,
  };
}

/** The line a task dials on: its own, else the team's default, else the team's first line. */
function resolveLine(t: RunningTaskRow, teamLines: LineRow[]): LineRow | 'missing' | undefined {
  if (t.line_id !== null) return teamLines.find((l) => l.id === t.line_id) ?? 'missing';
  return teamLines.find((l) => l.is_default) ?? teamLines[0];
}

function taskPlan(
  t: RunningTaskRow,
  teamLines: LineRow[],
  lines: Map<string, LineInfo>,
): Omit<TaskPlan, 'recallDueAt' | 'deferredDueAt'> {
  const line = resolveLine(t, teamLines);
  let problem: string | undefined;
  if (t.script_sn === null || t.script_deleted === true) problem = PauseReason.scriptDeleted;
  else if (t.script_status === 0) problem = PauseReason.scriptDisabled;
  else if (line === 'missing') problem = PauseReason.lineMissing;
  else if (line === undefined) problem = PauseReason.noLine;
  else if (!(lines.get(line.id)?.up ?? false)) problem = PauseReason.lineDown(line.name, line.status_reason);
  return {
    id: t.id,
    teamId: t.team_id,
    sn: t.sn,
    name: t.name,
    accountId: t.account_id,
    ownerName: t.user_name,
    parentName: t.parent_user_name ?? t.user_name,
    maxCallCount: t.max_call_count,
    scriptId: t.script_id,
    scriptVersion: `${t.script_id}@${t.script_version ?? 0}@${t.script_updated_at?.getTime() ?? 0}`,
    priority: t.priority,
    lineId: typeof line === 'object' ? line.id : undefined,
    timedStartedAt: t.timed_started_at ?? undefined,
    failRecall: readFailRecall(t.fail_recall),
    problem,
  };
}
