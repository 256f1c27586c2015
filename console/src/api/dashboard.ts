// The dashboard's figures: one day's stats and the live dialer stream (/ext/dialer/live).
import { call } from './client';

export interface DayStats {
  day: string;
  calls: number;
  answered: number;
  connect_rate: number;
  grade_ab: number;
  talk_minutes: number;
  per_hour: { hour: number; calls: number; answered: number }[];
  per_grade: { grade: string; calls: number }[];
}
export const dayStats = (day?: string) => call<DayStats>('/ext/console/stats', day ? { day } : {});

export interface LiveSnapshot {
  at: string;
  ai_count: number;
  active: number;
  cps: number;
  queued: number;
  next_window_at: string | null;
  tasks: {
    dial_task_main_sn: string;
    name: string;
    state: string;
    active: number;
    cps: number;
    waiting: number;
    recall_waiting: number;
    line_id: number | null;
  }[];
  lines: {
    line_id: number;
    name: string;
    kind: string;
    up: boolean;
    active: number;
    capacity: number;
    cps_limit: number;
    cps: number;
    consecutive_failures: number;
  }[];
}
export const liveSnapshot = () => call<LiveSnapshot>('/ext/dialer/snapshot');
