import { AppError, ErrorCode } from '../../lib/app-error.js';
import { SCRIPT_FORMAT_VERSION, type ScriptDefinition } from './script-schema.js';
import { validateScript, type ValidationResult } from './validate-script.js';

/**
 * Upgrades an older document to the current format. Version 1 is the first format, so this only fills in a
 * missing version; later format changes add their steps here, oldest first.
 */
export function upgradeScriptDocument(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const record = doc as Record<string, unknown>;
  return record.version === undefined ? { ...record, version: SCRIPT_FORMAT_VERSION } : record;
}

/**
 * Imports a script from JSON text: parse, upgrade, validate. The result lists every problem; unparsable JSON
 * is reported as one schema problem rather than thrown.
 */
export function importScriptJson(text: string): ValidationResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      problems: [{ code: 'schema', severity: 'error', path: '', message: `JSON 解析失败：${message}` }],
    };
  }
  return validateScript(upgradeScriptDocument(doc));
}

/** Exports a script as pretty JSON in the current format (stable key order as defined). */
export function exportScriptJson(script: ScriptDefinition): string {
  return `${JSON.stringify({ ...script, version: SCRIPT_FORMAT_VERSION }, null, 2)}\n`;
}

/** Like importScriptJson but throws AppError(WrongDataFormat) with the problems when the script is invalid. */
export function parseScriptJsonOrThrow(text: string): ScriptDefinition {
  const result = importScriptJson(text);
  if (!result.ok || !result.script) {
    throw new AppError(ErrorCode.WrongDataFormat, '话术校验未通过', { problems: result.problems });
  }
  return result.script;
}
