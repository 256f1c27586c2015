import { systemClock, type Clock } from '../lib/clock.js';
import type { GradeRule } from './grading.js';
import { ruleIntentClassifier, type IntentClassifier } from './match/intent-classifier.js';
import { normalizeUtterance, type NormalizedUtterance } from './match/normalize.js';
import type { NodeContext } from './nodes/node-handler.js';
import { runNode } from './nodes/registry.js';
import type { ReplyQuestion } from './match/reply-classifier.js';
import { decisionForChoice, questionFor } from './runtime/choice-decision.js';
import { Transcript } from './runtime/transcript.js';
import { routeReply, understood, type Decision } from './runtime/reply-router.js';
import type {
  Action,
  CallSession,
  EndReason,
  HangupCauseName,
  SessionOptions,
  SessionResult,
  ToLearnItem,
  TurnMatch,
} from './runtime/session-types.js';
import type {
  CompiledResponder,
  CompiledSayNode,
  CompiledScript,
  CompiledVariant,
} from './script/compiled-script.js';
import { ResponseWriter, type LineOwner } from './runtime/response-writer.js';
import { cleanVariables, endReasonOfHangup } from './runtime/session-helpers.js';
import { MissCounter } from './runtime/miss-counter.js';

/** Node steps taken for one event at most; validation rejects jump-only loops, this guards the runtime anyway. */
const MAX_STEPS = 32;

/**
 * One call through a compiled script. Event in, actions out; pure apart from the injected clock. No method
 * throws: an internal failure is recorded and answered with a hang-up.
 */
class RobotSession implements CallSession {
  readonly #script: CompiledScript;
  readonly #clock: Clock;
  readonly #classifier: IntentClassifier;
  readonly #gradeRules: readonly GradeRule[];
  readonly #entry: string;
  readonly #transcript: Transcript;
  readonly #out: ResponseWriter;
  readonly #errors: string[] = [];
  readonly #misses = new MissCounter();
  #phase: 'idle' | 'active' | 'done' = 'idle';
  #endReason: EndReason | undefined;
  #listening: CompiledSayNode | undefined;
  #lastNode: LineOwner | undefined;
  #silences = 0;
  #startedAt: Date | undefined;
  #result: SessionResult | undefined;

  constructor(script: CompiledScript, variables: Readonly<Record<string, string>>, options: SessionOptions) {
    this.#script = script;
    this.#clock = options.clock ?? systemClock;
    this.#classifier = options.classifier ?? ruleIntentClassifier;
    this.#gradeRules = options.gradeRules ?? script.gradeRules;
    this.#entry =
      (options.flowId !== undefined ? script.flowEntries.get(options.flowId) : undefined) ?? script.mainEntry;
    this.#transcript = new Transcript(this.#clock);
    this.#out = new ResponseWriter(this.#transcript, cleanVariables(variables), script.variableDefaults);
  }

  toLearnSoFar(): readonly ToLearnItem[] {
    return this.#transcript.toLearn;
  }

  get ended(): boolean {
    return this.#phase === 'done' || this.#endReason !== undefined;
  }

  start(): Action[] {
    if (this.#phase !== 'idle') return [];
    this.#phase = 'active';
    this.#startedAt = this.#clock.now();
    return this.#run(() => this.#goto(this.#entry));
  }

  onUserText(text: string, isFinal = true, choice?: string): Action[] {
    if (this.#phase !== 'active' || this.ended || !this.#listening) return [];
    if (!isFinal) return this.#guard(() => this.#partial(text), []);
    return this.#run(() => this.#final(typeof text === 'string' ? text : '', choice));
  }

  choicesFor(text: string): ReplyQuestion | undefined {
    const node = this.#listening;
    if (this.#phase !== 'active' || this.ended || !node) return undefined;
    const robotLine = this.#transcript
      .lastRobotSegments()
      .map((s) => s.text)
      .join('');
    return questionFor(this.#script, node, this.#classifier, text, robotLine);
  }

  onSilence(): Action[] {
    if (this.#phase !== 'active' || this.ended || !this.#listening) return [];
    return this.#run(() => this.#silence(''));
  }

  onNotRecognised(reason: string): Action[] {
    const node = this.#listening;
    if (this.#phase !== 'active' || this.ended || !node) return [];
    return this.#run(() => {
      const ref = node.notRecognisedBranch;
      this.#silences = 0;
      this.#transcript.recordNotRecognised(String(reason), ref?.branch, node);
      const tooMany = this.#misses.over('notRecognised', node.id, node.maxNotRecognised);
      if (tooMany) this.#fallback(node, '多次无法识别客户语音');
      else if (ref) this.#goto(ref.branch.target);
      else this.#reprompt(node, this.#script.notRecognisedPrompt);
    });
  }

  onDtmf(digit: string): Action[] {
    const node = this.#listening;
    if (this.#phase !== 'active' || this.ended || !node) return [];
    return this.#run(() => {
      const key = String(digit).slice(0, 1);
      const ref = node.dtmfBranches.get(key);
      if (!ref) return;
      this.#silences = 0;
      this.#transcript.recordReply(
        `[DTMF ${key}]`,
        { kind: 'dtmf', intent: 'dtmf', branchId: ref.id, target: ref.branch.target },
        100,
        ref.branch.labels,
        node,
      );
      this.#goto(ref.branch.target);
    });
  }

  onHangup(cause: HangupCauseName): SessionResult {
    if (this.#result) return this.#result;
    const connected = this.#startedAt !== undefined;
    const calleeLeft = connected && cause === 'callee' && this.#endReason === undefined;
    this.#phase = 'done';
    this.#result = this.#transcript.result({
      script: this.#script,
      cause,
      startedAt: this.#startedAt,
      endedAt: this.#clock.now(),
      endReason: !connected ? 'notConnected' : (this.#endReason ?? endReasonOfHangup(cause)),
      hangupNode: calleeLeft ? this.#lastNode : undefined,
      gradeRules: this.#gradeRules,
      errors: this.#errors,
    });
    return this.#result;
  }

  // ── event handling ────────────────────────────────────────────────────────────────────────────────────

  #partial(text: string): Action[] {
    const node = this.#listening;
    if (!node || this.#out.stopSent || this.#out.bargeIn === 'off') return [];
    const u = normalizeUtterance(text);
    if (u.empty) return [];
    if (this.#out.bargeIn === 'keyword' && !understood(this.#script, node, u, this.#classifier.classify(u))) {
      return [];
    }
    this.#out.stopSent = true;
    return [{ type: 'stopSpeaking' }];
  }

  #final(text: string, choice: string | undefined): void {
    const node = this.#listening;
    if (!node) return;
    const u = normalizeUtterance(text);
    if (u.empty) {
      if (text.trim()) this.#transcript.learn(u, u.raw, node);
      this.#silence(u.raw);
      return;
    }
    this.#silences = 0;
    const record = this.#transcript;
    record.customerTurns++;
    const intent = this.#classifier.classify(u);
    this.#transcript.countHeardIntent(intent.intent, node.id === this.#entry);
    if (record.robotTurns >= this.#script.maxTurns) {
      record.recordReply(u.raw, { kind: 'noMatch', intent: intent.intent }, intent.score, [], node);
      this.#hangup('超过最大对话轮次', 'maxTurns');
      return;
    }
    const ruled = routeReply(this.#script, node, u, intent);
    // A reply classifier only fills in where the rules found nothing.
    const decision = (ruled.kind === 'noMatch' && decisionForChoice(this.#script, node, choice)) || ruled;
    const keptYes = decision.kind === 'responder' && decision.then?.branch.kind === 'affirm';
    if (keptYes && node.id !== this.#entry) record.affirmatives++;
    if (decision.kind === 'responder' && decision.responder.source === 'knowledge') {
      record.businessQuestions++;
    } else if (intent.intent === 'price') record.businessQuestions++;
    this.#apply(decision, node, u);
  }

  #apply(decision: Decision, node: CompiledSayNode, u: NormalizedUtterance): void {
    const record = this.#transcript;
    switch (decision.kind) {
      case 'branch': {
        const { ref } = decision;
        const match: TurnMatch = {
          kind: 'branch',
          intent: decision.intent,
          branchId: ref.id,
          target: ref.branch.target,
          ...(decision.keyword ? { keyword: decision.keyword } : {}),
        };
        record.recordReply(u.raw, match, decision.score, ref.branch.labels, node);
        this.#goto(ref.branch.target);
        return;
      }
      case 'responder':
        this.#respond(decision.responder, decision, node, u);
        return;
      case 'repeat': {
        record.repeats++;
        record.recordReply(u.raw, { kind: 'repeat', intent: 'repeat' }, decision.score, [], node);
        if (this.#misses.over('repeat', node.id, node.maxRepeat)) this.#fallback(node, '客户多次要求重复');
        else if (node.repeatBranch) this.#goto(node.repeatBranch.branch.target);
        else this.#repeatLast(node);
        return;
      }
      case 'noMatch': {
        record.noMatches++;
        record.recordReply(u.raw, { kind: 'noMatch', intent: decision.intent }, decision.score, [], node);
        record.learn(u, u.raw, node);
        const tooMany = this.#misses.over('noMatch', node.id, node.maxNoMatch);
        if (tooMany) this.#fallback(node, '多次无法识别客户意图');
        else if (node.noMatchBranch) this.#goto(node.noMatchBranch.branch.target);
        else this.#reprompt(node, this.#script.noMatchPrompt);
        return;
      }
    }
  }

  #respond(
    responder: CompiledResponder,
    decision: Decision & { kind: 'responder' },
    node: CompiledSayNode,
    u: NormalizedUtterance,
  ): void {
    const record = this.#transcript;
    // A confirmation said with the question ("是我，你们是哪里"): answer, then go on as the confirmation says.
    const kept = responder.then === 'return' ? decision.then : undefined;
    const target = kept ? kept.branch.target : responder.then === 'goto' ? responder.target : undefined;
    const match: TurnMatch = {
      kind: responder.source,
      intent: decision.intent,
      responderId: responder.id,
      ...(kept ? { branchId: kept.id } : {}),
      ...(responder.asksSn ? { asksSn: responder.asksSn } : {}),
      ...(decision.keyword ? { keyword: decision.keyword } : {}),
      ...(target ? { target } : {}),
    };
    const labels = kept ? [...responder.labels, ...kept.branch.labels] : responder.labels;
    record.recordReply(u.raw, match, decision.score, labels, node);
    if (responder.asksSn) record.knowledgeHit(responder.asksSn, responder.title);
    if (responder.dndReason !== undefined) {
      record.requestDnd(responder.dndReason, node.id);
      this.#out.emit({ type: 'addToDnd', reason: responder.dndReason });
    }
    this.#out.speak(responder, responder.variants, responder.then === 'return' ? node.bargeIn : 'off');
    if (kept) {
      this.#goto(kept.branch.target);
      return;
    }
    switch (responder.then) {
      case 'return':
        if (responder.resume === 'reprompt') this.#out.speak(node, node.reprompt, node.bargeIn);
        this.#listen(node);
        return;
      case 'hangup':
        this.#hangup(responder.title, 'robotHangup');
        return;
      case 'goto':
        this.#goto(responder.target ?? '');
        return;
    }
  }

  #silence(heard: string): void {
    const node = this.#listening;
    if (!node) return;
    this.#transcript.silences++;
    this.#silences++;
    this.#transcript.recordReply(heard, { kind: heard ? 'noise' : 'silence', intent: 'none' }, 0, [], node);
    if (this.#silences > node.maxSilence) this.#fallback(node, '客户长时间无应答');
    else if (node.silenceBranch) this.#goto(node.silenceBranch.branch.target);
    else this.#reprompt(node, this.#script.silencePrompt);
  }

  // ── flow ─────────────────────────────────────────────────────────────────────────────────────────────────

  #goto(target: string): void {
    const ctx: NodeContext = {
      speak: (owner, variants, bargeIn) => this.#out.speak(owner, variants, bargeIn),
      emit: (action) => this.#out.emit(action),
    };
    let id = target;
    for (let step = 0; step < MAX_STEPS; step++) {
      const node = this.#script.nodes.get(id);
      if (!node) {
        this.#errors.push(`节点「${id}」不存在`);
        this.#hangup('话术节点缺失', 'error');
        return;
      }
      this.#transcript.reach(node);
      this.#lastNode = node;
      const next = runNode(ctx, node);
      switch (next.type) {
        case 'listen':
          this.#misses.clear(next.node.id);
          this.#listen(next.node);
          return;
        case 'goto':
          id = next.target;
          continue;
        case 'end':
          if (node.kind === 'transfer') this.#transcript.transfer = { target: node.target, nodeId: node.id };
          this.#endReason = next.reason;
          this.#listening = undefined;
          return;
      }
    }
    this.#errors.push(`节点「${target}」起的跳转超过 ${MAX_STEPS} 步`);
    this.#hangup('话术跳转循环', 'error');
  }

  #listen(node: CompiledSayNode): void {
    this.#listening = node;
    this.#out.listen(node, this.#script);
  }

  #fallback(node: CompiledSayNode, reason: string): void {
    if (node.fallback) this.#goto(node.fallback);
    else this.#hangup(reason, 'robotHangup');
  }

  #reprompt(node: CompiledSayNode, prefix: readonly CompiledVariant[]): void {
    if (prefix.length > 0) this.#out.speak(node, prefix, node.bargeIn);
    this.#out.speak(node, node.reprompt, node.bargeIn);
    this.#listen(node);
  }

  /** Says the previous response again, line for line (the callee asked to repeat). */
  #repeatLast(node: CompiledSayNode): void {
    const segments = this.#transcript.lastRobotSegments();
    if (segments.length === 0) this.#out.speak(node, node.reprompt, node.bargeIn);
    else this.#out.replay(segments, node.bargeIn);
    this.#listen(node);
  }

  #hangup(reason: string, endReason: EndReason): void {
    this.#out.emit({ type: 'hangup', reason });
    this.#endReason = endReason;
    this.#listening = undefined;
  }

  /** Runs one event: collects its actions, closes the turn, and turns any internal failure into a hang-up. */
  #run(fn: () => void): Action[] {
    this.#out.begin();
    return this.#guard(() => {
      fn();
      return this.#out.finish();
    }, null);
  }

  #guard(fn: () => Action[], onError: Action[] | null): Action[] {
    try {
      return fn();
    } catch (err) {
      this.#errors.push(err instanceof Error ? err.message : String(err));
      if (onError) return onError;
      this.#endReason = 'error';
      this.#listening = undefined;
      return [{ type: 'hangup', reason: '系统异常' }];
    }
  }
}

/**
 * Starts the dialogue of one answered call. Events go in (`start`, `onUserText`, `onSilence`, `onDtmf`,
 * `onHangup`), actions come out; the compiled script is shared and never modified.
 * @example
 * const session = createSession(compileScript(json), { 姓名: '张三', 电话: '13800138000' }, { clock });
 * play(session.start());
 * play(session.onUserText('嗯，是我', true));
 * const result = session.onHangup('callee');
 */
export function createSession(
  script: CompiledScript,
  variables: Readonly<Record<string, string>> = {},
  options: SessionOptions = {},
): CallSession {
  return new RobotSession(script, variables, options);
}
