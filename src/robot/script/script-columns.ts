import type { ScriptDefinition } from './script-schema.js';

/**
 * The task-import columns of a script as the vendor's exportModel (5.11) lists them: variable captions in
 * order, a leading `*` on required ones.
 * @example scriptColumns(script) // ['姓名', '*电话', '地址']
 */
export function scriptColumns(script: Pick<ScriptDefinition, 'variables'>): string[] {
  return script.variables.map((v) => (v.required ? `*${v.name}` : v.name));
}
