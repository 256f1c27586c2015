import { AppError } from '../lib/app-error.js';
import { compileScript, type CompiledScript } from '../robot/index.js';

/** A compiled script, or why the script cannot be used. */
export type ScriptEntry =
  { readonly ok: true; readonly script: CompiledScript } | { readonly ok: false; readonly why: string };

/** Compiled scripts by id, recompiled when the script's version key changes. */
export class ScriptCache {
  readonly #entries = new Map<string, { version: string; entry: ScriptEntry }>();

  constructor(private readonly load: (scriptId: string) => Promise<unknown>) {}

  async get(scriptId: string, version: string): Promise<ScriptEntry> {
    const hit = this.#entries.get(scriptId);
    if (hit?.version === version) return hit.entry;
    const entry = compile(await this.load(scriptId));
    this.#entries.set(scriptId, { version, entry });
    return entry;
  }

  /** The compiled script if it is known and usable. */
  peek(scriptId: string): CompiledScript | undefined {
    const e = this.#entries.get(scriptId)?.entry;
    return e?.ok ? e.script : undefined;
  }
}

function compile(definition: unknown): ScriptEntry {
  try {
    return { ok: true, script: compileScript(definition) };
  } catch (err) {
    const problems =
      err instanceof AppError ? (err.details?.problems as { message?: string }[] | undefined) : undefined;
    const first = problems?.[0]?.message;
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, why: first ? `${why}: ${first}` : why };
  }
}
