import type { Clock } from '../../lib/clock.js';
import { grade, type GradeRule, type GradingFacts } from '../grading.js';
import type { CompiledScript } from '../script/compiled-script.js';
import type { NormalizedUtterance } from '../match/normalize.js';
import {
  TO_LEARN_NAMES,
  ToLearnType,
  type DndRequest,
  type EndReason,
  type HangupCauseName,
  type SessionResult,
  type SessionCounters,
  type ToLearnItem,
  type ToLearnTypeValue,
  type Turn,
  type TurnMatch,
  type TurnSegment,
} from './session-types.js';

/** The transcript of one robot conversation as it happens: turns, counters, to-learn items, DND requests. Owned
 * by one session; the stored call record (call_records) is built from its result by the hang-up transaction. */
export class Transcript {
  readonly turns: Turn[] = [];
  readonly toLearn: ToLearnItem[] = [];
  readonly dnd: DndRequest[] = [];
  readonly labels = new Set<string>();
  readonly intents: Record<string, number> = {};
  readonly reached = new Map<string, string>();
  readonly knowledge = new Map<string, { asks_sn: string; ask_title: string; count: number }>();
  transfer: { target: string; nodeId: string } | undefined;
  customerTurns = 0;
  /** Robot responses so far (turns with robot lines). */
  robotTurns = 0;
  noMatches = 0;
  silences = 0;
  repeats = 0;
  affirmatives = 0;
  refusals = 0;
  businessQuestions = 0;
  #segments: TurnSegment[] = [];
  #pendingLearn: ToLearnItem[] = [];

  constructor(private readonly clock: Clock) {}

  /** Adds a robot line to the response being built. */
  addSegment(segment: TurnSegment): void {
    this.#segments.push(segment);
  }

  /** Closes the response: its lines become a new turn awaiting the callee's reply. */
  finishResponse(): void {
    if (this.#segments.length === 0) return;
    this.robotTurns++;
    const last = this.#segments[this.#segments.length - 1] as TurnSegment;
    const robotText = this.#segments.map((s) => s.text).join('');
    this.turns.push({
      index: this.turns.length,
      nodeId: last.nodeId,
      nodeTitle: last.nodeTitle,
      robotText,
      segments: this.#segments,
      robotAt: this.clock.now(),
      score: 0,
      labels: [],
    });
    for (const item of this.#pendingLearn) item.robotAfter = robotText;
    this.#pendingLearn = [];
    this.#segments = [];
  }

  /** The latest robot turn. */
  get lastTurn(): Turn | undefined {
    return this.turns[this.turns.length - 1];
  }

  /** Records the callee's reply on the open turn (a new empty-robot turn when the last one already has a reply). */
  recordReply(
    heard: string,
    match: TurnMatch,
    score: number,
    labels: readonly string[],
    node: { id: string; title: string },
  ): void {
    let turn = this.lastTurn;
    if (!turn || turn.heard !== undefined || turn.match !== undefined) {
      turn = {
        index: this.turns.length,
        nodeId: node.id,
        nodeTitle: node.title,
        robotText: '',
        segments: [],
        robotAt: this.clock.now(),
        score: 0,
        labels: [],
      };
      this.turns.push(turn);
    }
    turn.heard = heard;
    turn.heardAt = this.clock.now();
    turn.match = match;
    turn.score = score;
    turn.labels = [...labels];
    for (const l of labels) this.labels.add(l);
  }

  countIntent(intent: string): void {
    this.intents[intent] = (this.intents[intent] ?? 0) + 1;
  }

  reach(node: { id: string; title: string; labels: readonly string[] }): void {
    if (!this.reached.has(node.id)) this.reached.set(node.id, node.title);
    for (const l of node.labels) this.labels.add(l);
  }

  knowledgeHit(asksSn: string, title: string): void {
    const hit = this.knowledge.get(asksSn);
    if (hit) hit.count++;
    else this.knowledge.set(asksSn, { asks_sn: asksSn, ask_title: title, count: 1 });
  }

  requestDnd(reason: string, nodeId: string): void {
    this.dnd.push({ reason, nodeId, at: this.clock.now() });
  }

  /**
   * Files an utterance the script could not handle: 识别异常 when nothing usable was recognised, 无法回答
   * when the callee asked something, 答非所问 otherwise.
   */
  learn(u: NormalizedUtterance, heard: string, node: { id: string; title: string }): void {
    const garbled = u.empty || u.truncated || !/\p{Script=Han}/u.test(u.text);
    const type: ToLearnTypeValue = garbled
      ? ToLearnType.recognitionError
      : u.clauses.some((c) => c.question)
        ? ToLearnType.cannotAnswer
        : ToLearnType.offTopic;
    const item: ToLearnItem = {
      type,
      typeName: TO_LEARN_NAMES[type],
      robotBefore: this.lastTurn?.robotText ?? '',
      heard,
      robotAfter: '',
      nodeId: node.id,
      nodeTitle: node.title,
      at: this.clock.now(),
    };
    this.toLearn.push(item);
    this.#pendingLearn.push(item);
  }

  counters(): SessionCounters {
    let asks = 0;
    for (const k of this.knowledge.values()) asks += k.count;
    return {
      turnCount: this.customerTurns,
      robotTurns: this.robotTurns,
      asksCount: asks,
      noMatchCount: this.noMatches,
      silenceCount: this.silences,
      repeatCount: this.repeats,
    };
  }

  gradingFacts(connected: boolean, talkSeconds: number): GradingFacts {
    return {
      connected,
      customerTurns: this.customerTurns,
      talkSeconds,
      reachedNodes: [...this.reached.keys(), ...this.reached.values()],
      intents: { ...this.intents },
      refusals: this.refusals,
      affirmatives: this.affirmatives,
      businessQuestions: this.businessQuestions,
      labels: [...this.labels],
      dnd: this.dnd.length > 0,
      transferred: this.transfer !== undefined,
    };
  }

  /** The lines of the latest robot response (for "please say that again"). */
  lastRobotSegments(): readonly TurnSegment[] {
    for (let i = this.turns.length - 1; i >= 0; i--) {
      const turn = this.turns[i];
      if (turn && turn.segments.length > 0) return turn.segments;
    }
    return [];
  }

  /** The record of the finished call, graded. */
  result(end: {
    script: CompiledScript;
    cause: HangupCauseName;
    startedAt: Date | undefined;
    endedAt: Date;
    endReason: EndReason;
    hangupNode: { id: string; title: string } | undefined;
    gradeRules: readonly GradeRule[];
    errors: readonly string[];
  }): SessionResult {
    const connected = end.startedAt !== undefined;
    const talkMs = end.startedAt ? Math.max(0, end.endedAt.getTime() - end.startedAt.getTime()) : 0;
    const verdict = grade(this.gradingFacts(connected, talkMs / 1000), end.gradeRules);
    return {
      scriptName: end.script.name,
      scriptVersion: end.script.version,
      connected,
      startedAt: end.startedAt,
      endedAt: end.endedAt,
      talkMs,
      endReason: end.endReason,
      hangupCause: end.cause,
      turns: this.turns,
      grade: verdict.grade,
      gradeReason: verdict.reason,
      counters: this.counters(),
      knowledgeHits: [...this.knowledge.values()],
      toLearn: this.toLearn,
      hangupNode: end.hangupNode ? { nodeId: end.hangupNode.id, nodeTitle: end.hangupNode.title } : undefined,
      reachedNodes: [...this.reached].map(([nodeId, nodeTitle]) => ({ nodeId, nodeTitle })),
      dndRequests: this.dnd,
      transfer: this.transfer,
      labels: [...this.labels],
      intents: { ...this.intents },
      errors: [...end.errors],
    };
  }
}
