// Lines (ext): simulator and SIP trunks with their capacity, CPS and status.
import { call } from './client';

export interface Line {
  line_id: number;
  name: string;
  kind: string;
  caller: string;
  capacity: number;
  cps: number;
  status: 'up' | 'down' | string;
  status_reason: string;
  is_default: number;
  sandbox: number;
  active: number;
  config: Record<string, unknown>;
  created_at: string;
}

export const listLines = () => call<{ total: number; list: Line[] }>('/ext/lines/list');
export const createLine = (p: Record<string, unknown>) => call<Line>('/ext/lines/create', p);
export const updateLine = (p: Record<string, unknown>) => call<Line>('/ext/lines/update', p);
export const setLineStatus = (line_id: number, status: 'up' | 'down', reason?: string) =>
  call('/ext/lines/setStatus', { line_id: String(line_id), status, reason });
