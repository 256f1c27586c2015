import type {
  BargeInMode,
  CompiledSayNode,
  CompiledScript,
  CompiledVariant,
} from '../script/compiled-script.js';
import { nextPrompts } from './next-prompts.js';
import { renderTemplate } from '../script/template.js';
import type { Transcript } from './transcript.js';
import type { Action, TurnSegment } from './session-types.js';

/** Who a line belongs to: a node, a global handler or a knowledge item. */
export type LineOwner = { readonly id: string; readonly title: string };

/**
 * Builds the actions of one session event: renders lines (variables, variant rotation, recorded audio),
 * records them on the transcript, and tracks the barge-in mode of the line being played.
 */
export class ResponseWriter {
  #actions: Action[] = [];
  /** Per variant list: how many times it was said (rotation keeps repeated prompts from sounding canned). */
  readonly #rotation = new Map<readonly CompiledVariant[], number>();
  /** Barge-in mode of the last line, and whether a stop was already requested for it. */
  bargeIn: BargeInMode = 'off';
  stopSent = false;

  constructor(
    private readonly transcript: Transcript,
    private readonly vars: Readonly<Record<string, string>>,
    private readonly defaults: Readonly<Record<string, string>>,
  ) {}

  begin(): void {
    this.#actions = [];
  }

  /** The actions of the event; the response's lines become a turn. */
  finish(): Action[] {
    this.transcript.finishResponse();
    return this.#actions;
  }

  emit(action: Action): void {
    this.#actions.push(action);
  }

  /** The robot listens at `node`; the lines it may answer with are previewed for synthesis ahead. */
  listen(node: CompiledSayNode, script: CompiledScript): void {
    const next = nextPrompts(script, node, (variants) => this.preview(variants));
    this.#actions.push({
      type: 'listen',
      timeoutMs: node.silenceTimeoutMs,
      ...(node.hotwords.length > 0 && { hotwords: node.hotwords }),
      ...(node.endOfTurnMs !== undefined && { endOfTurnMs: node.endOfTurnMs }),
      ...(node.yesNo && { yesNo: true }),
      ...(next.length > 0 && { nextPrompts: next }),
    });
  }

  /** The text `speak(…, variants)` would say next (without moving the rotation); undefined for a recording. */
  preview(variants: readonly CompiledVariant[]): string | undefined {
    const variant = variants[(this.#rotation.get(variants) ?? 0) % variants.length];
    if (!variant || variant.audio) return undefined;
    return renderTemplate(variant.segments, this.vars, this.defaults);
  }

  /** Says the next variant of `variants` as `owner`'s line. */
  speak(owner: LineOwner, variants: readonly CompiledVariant[], bargeIn: BargeInMode): void {
    if (variants.length === 0) return;
    const n = this.#rotation.get(variants) ?? 0;
    this.#rotation.set(variants, n + 1);
    const variant = variants[n % variants.length] as CompiledVariant;
    const text = renderTemplate(variant.segments, this.vars, this.defaults);
    const segment: TurnSegment = {
      text,
      ...(variant.audio ? { audio: variant.audio } : {}),
      nodeId: owner.id,
      nodeTitle: owner.title,
    };
    if (!text.trim() && variant.audio) this.#actions.push({ type: 'play', file: variant.audio });
    else this.#say(segment, bargeIn);
    this.transcript.addSegment(segment);
  }

  /** Says recorded lines again word for word (the callee asked to repeat). */
  replay(segments: readonly TurnSegment[], bargeIn: BargeInMode): void {
    for (const s of segments) {
      this.#say(s, bargeIn);
      this.transcript.addSegment(s);
    }
  }

  #say(s: TurnSegment, bargeIn: BargeInMode): void {
    this.#actions.push({
      type: 'say',
      text: s.text,
      ...(s.audio ? { audio: s.audio } : {}),
      nodeId: s.nodeId,
      nodeTitle: s.nodeTitle,
      bargeIn,
    });
    this.bargeIn = bargeIn;
    this.stopSent = false;
  }
}
