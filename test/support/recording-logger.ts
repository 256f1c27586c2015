// A logger that keeps every entry (with its child bindings merged in), so a test can show that a fault was
// logged with the call's id.
import type { Logger } from '../../src/lib/logger.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(
  entries: LogEntry[] = [],
  bindings: Record<string, unknown> = {},
): Logger & {
  entries: LogEntry[];
} {
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg = ''): void => {
      entries.push({ level, msg, fields: { ...bindings, ...(obj as Record<string, unknown>) } });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}
