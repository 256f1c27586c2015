// The script document rules shared by every save path (create, update, import, seeding).
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { ScriptDerived } from '../../repositories/script.repository.js';
import { importScriptJson, type ScriptDefinition, type ScriptProblem } from '../../robot/index.js';
import { importColumns } from './import-columns.js';

/** Largest script document accepted (JSON text), far above any real script. */
const MAX_SCRIPT_BYTES = 4 * 1024 * 1024;

/** A script that passed validation, with the problems that do not block saving. */
export interface CheckedScript {
  script: ScriptDefinition;
  warnings: ScriptProblem[];
}

/**
 * Parses (text or object), upgrades and validates a script document. Errors block saving and are all listed
 * in `details.problems`; warnings are returned.
 */
export function checkScript(definition: unknown): CheckedScript {
  // A leading byte-order mark (files saved by Windows editors) is not part of the JSON.
  const text =
    typeof definition === 'string' ? definition.replace(/^\uFEFF/, '') : JSON.stringify(definition ?? null);
  if (Buffer.byteLength(text) > MAX_SCRIPT_BYTES) {
    throw new AppError(ErrorCode.WrongDataFormat, `话术过大: 上限 ${MAX_SCRIPT_BYTES / 1048576}MB`);
  }
  const result = importScriptJson(text);
  const problems = [...result.problems];
  if (result.script && !result.script.name.trim()) {
    problems.push({ code: 'schema', severity: 'error', path: 'name', message: '话术名称(name)不能为空' });
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || !result.script) {
    throw new AppError(ErrorCode.WrongDataFormat, `话术校验未通过: ${errors.length}个错误`, { problems });
  }
  return { script: result.script, warnings: problems };
}

/** The script row's columns that follow from a definition (never edited on their own). */
export function deriveColumns(script: ScriptDefinition, projectName: string | undefined): ScriptDerived {
  return {
    name: projectName?.trim() || script.name,
    caption: script.name,
    voice_break: script.settings.voiceBreak,
    columns: importColumns(script),
    definition: script,
  };
}
