import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime, type Clock } from '../../lib/clock.js';
import {
  createSession,
  type Action,
  type CallSession,
  type CompiledScript,
  type ToLearnItem,
} from '../../robot/index.js';
import type { TenantContext } from '../tenant-context.js';
import type { ScriptService } from './script.service.js';

/** Callee events a test conversation accepts; bounded so one socket cannot run a script forever. */
export const MAX_TEST_EVENTS = 200;

/**
 * One robot output of the 7.4 test channel: the line said (robot file description), its recording file, the
 * callee utterance the script could not handle (question to learn) and the time, `Y-m-d H:i:s`.
 */
export interface TestFrame {
  text: string;
  audio: string;
  toLearn: string;
  at: string;
}

export type TestEndReason = 'hangup' | 'transfer';

type TestEvent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'silence' }
  | { readonly kind: 'dtmf'; readonly digit: string };

function feed(session: CallSession, event: TestEvent): Action[] {
  switch (event.kind) {
    case 'text':
      return session.onUserText(event.text, true);
    case 'silence':
      return session.onSilence();
    case 'dtmf':
      return session.onDtmf(event.digit);
  }
}

/**
 * A script test (7.4): the operator plays the callee by typing; the robot answers as in a real call. Nothing is
 * recorded: test calls leave no knowledge hits and no to-learn items.
 */
export class ScriptTestConversation {
  readonly #session: CallSession;
  #eventCount = 0;
  #learned = 0;
  #end: TestEndReason | undefined;

  constructor(
    private readonly compiled: CompiledScript,
    private readonly variables: Readonly<Record<string, string>>,
    private readonly flowId: string | undefined,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.#session = this.#newSession();
  }

  /** True once the robot hung up or transferred. */
  get ended(): boolean {
    return this.#session.ended;
  }

  get endReason(): TestEndReason | undefined {
    return this.#end;
  }

  /** The robot's opening lines. */
  start(): TestFrame[] {
    return this.#frames(this.#session.start(), []);
  }

  /** The callee said `text`; blank text counts as silence (the listen timeout). */
  hear(text: string): TestFrame[] {
    return this.#apply(text.trim() ? { kind: 'text', text } : { kind: 'silence' });
  }

  /** The callee pressed a key. */
  dtmf(digit: string): TestFrame[] {
    return this.#apply({ kind: 'dtmf', digit });
  }

  #newSession(): CallSession {
    return createSession(this.compiled, this.variables, {
      clock: this.clock,
      ...(this.flowId !== undefined ? { flowId: this.flowId } : {}),
    });
  }

  #apply(event: TestEvent): TestFrame[] {
    if (this.ended) return [];
    if (this.#eventCount >= MAX_TEST_EVENTS) {
      throw new AppError(ErrorCode.LimitExceeded, `测试对话最多 ${MAX_TEST_EVENTS} 轮`);
    }
    this.#eventCount += 1;
    const actions = feed(this.#session, event);
    const learned = this.#learnedSoFar();
    const fresh = learned.slice(this.#learned).map((i) => i.heard);
    this.#learned = learned.length;
    return this.#frames(actions, fresh);
  }

  #learnedSoFar(): readonly ToLearnItem[] {
    return this.#session.toLearnSoFar();
  }

  #frames(actions: readonly Action[], learned: readonly string[]): TestFrame[] {
    const at = formatDateTime(this.clock.now(), this.timeZone);
    const frames: TestFrame[] = [];
    for (const a of actions) {
      switch (a.type) {
        case 'say':
          frames.push({ text: a.text, audio: a.audio ?? '', toLearn: '', at });
          break;
        case 'play':
          frames.push({ text: '', audio: a.file, toLearn: '', at });
          break;
        case 'hangup':
          this.#end = 'hangup';
          break;
        case 'transfer':
          this.#end = 'transfer';
          break;
        case 'listen':
        case 'stopSpeaking':
        case 'addToDnd':
          break;
      }
    }
    if (learned.length > 0) {
      const toLearn = learned.join(' / ');
      const first = frames[0];
      if (first) first.toLearn = toLearn;
      else frames.push({ text: '', audio: '', toLearn, at });
    }
    return frames;
  }
}

export interface OpenTestInput {
  project_sn: string;
  /** The script's question_sn (main flow) or a flow id of the script; blank = main flow. */
  question_sn?: string;
  /** Default: the current (latest saved) version. */
  version?: number;
  variables?: Readonly<Record<string, string>>;
}

/** Opens 7.4 test conversations on a team's scripts. */
export class ScriptTestService {
  constructor(
    private readonly scripts: ScriptService,
    private readonly clock: Clock,
  ) {}

  async open(ctx: TenantContext, input: OpenTestInput): Promise<ScriptTestConversation> {
    const target = await this.scripts.compiledForTest(ctx, input.project_sn, input.version);
    const question = input.question_sn?.trim() ?? '';
    let flowId: string | undefined;
    if (question !== '' && question !== target.questionSn) {
      if (!target.compiled.flowEntries.has(question)) {
        throw new AppError(ErrorCode.NotFound, `话术流程不存在: ${question}`);
      }
      flowId = question;
    }
    return new ScriptTestConversation(
      target.compiled,
      input.variables ?? {},
      flowId,
      this.clock,
      ctx.timezone,
    );
  }
}
