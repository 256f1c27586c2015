import { AppError, ErrorCode } from '../../lib/app-error.js';
import { DEFAULT_GRADE_RULES } from '../grading.js';
import { ExampleMatcher } from '../match/example-matcher.js';
import { withLooseForms } from '../match/keyword-variants.js';
import { PhraseMatcher, type PhraseSpec } from '../match/phrase-matcher.js';
import { keywordPhrases } from './check-matchers.js';
import type {
  BargeInMode,
  BranchRef,
  CompiledNode,
  CompiledResponder,
  CompiledSayNode,
  CompiledScript,
  CompiledVariant,
  LearnedTarget,
} from './compiled-script.js';
import { learnedBranchIndex } from './check-learned.js';
import type { Keyword, SayNode, ScriptDefinition, ScriptNode, Variant } from './script-schema.js';
import { parseTemplate } from './template.js';
import { validateScript } from './validate-script.js';

const compileVariants = (variants: readonly Variant[] | undefined): CompiledVariant[] =>
  (variants ?? []).map((v) => ({ segments: parseTemplate(v.text), audio: v.audio }));

/** An author's keywords as matcher specs, with the loose forms callees say them in (match/keyword-variants.ts). */
function phraseSpecs<T>(keywords: readonly Keyword[], value: T, priority: number): PhraseSpec<T>[] {
  return withLooseForms(keywordPhrases(keywords).map((phrase) => ({ phrase, value, priority })));
}

/** Regex flags for branch patterns: never stateful (g/y), always unicode. */
function compileRegex(pattern: string, flags?: string): RegExp {
  const clean = [...new Set((flags ?? '').replace(/[gyu]/g, ''))].join('');
  return new RegExp(pattern, `${clean}u`);
}

function bargeInOf(script: ScriptDefinition, node: SayNode): BargeInMode {
  if (!node.bargeIn) return 'off';
  return (node.voiceBreak ?? script.settings.voiceBreak) === 1 ? 'voice' : 'keyword';
}

function compileSay(script: ScriptDefinition, id: string, node: SayNode): CompiledSayNode {
  const specs: PhraseSpec<BranchRef>[] = [];
  const regexBranches: { re: RegExp; ref: BranchRef }[] = [];
  const intentBranches = new Map<string, BranchRef>();
  const dtmfBranches = new Map<string, BranchRef>();
  let silenceBranch: BranchRef | undefined;
  let noMatchBranch: BranchRef | undefined;
  let repeatBranch: BranchRef | undefined;
  let notRecognisedBranch: BranchRef | undefined;
  const hotwords = new Set<string>();
  const branches: BranchRef[] = [];
  node.branches.forEach((branch, index) => {
    const ref: BranchRef = { id: branch.id ?? `${id}#${index + 1}`, index, branch };
    branches.push(ref);
    const firstFor = (key: string): void => {
      if (!intentBranches.has(key)) intentBranches.set(key, ref);
    };
    switch (branch.kind) {
      case 'keywords':
        specs.push(...phraseSpecs(branch.keywords ?? [], ref, branch.priority));
        for (const k of branch.keywords ?? []) hotwords.add(typeof k === 'string' ? k : k.word);
        break;
      case 'regex':
        regexBranches.push({ re: compileRegex(branch.pattern ?? '', branch.flags), ref });
        break;
      case 'intent':
        firstFor(branch.intent ?? '');
        break;
      case 'dtmf':
        for (const digit of branch.digits ?? '') if (!dtmfBranches.has(digit)) dtmfBranches.set(digit, ref);
        break;
      case 'silence':
        silenceBranch ??= ref;
        break;
      case 'noMatch':
        noMatchBranch ??= ref;
        break;
      case 'repeat':
        repeatBranch ??= ref;
        break;
      case 'notRecognised':
        notRecognisedBranch ??= ref;
        break;
      case 'affirm':
      case 'negate':
      case 'refuse':
      case 'busy':
      case 'hesitate':
        firstFor(branch.kind);
        break;
    }
  });
  const variants = compileVariants(node.variants);
  return {
    kind: 'say',
    id,
    title: node.title,
    labels: node.labels,
    variants,
    reprompt: node.reprompt && node.reprompt.length > 0 ? compileVariants(node.reprompt) : variants,
    listen: node.listen,
    next: node.next,
    bargeIn: bargeInOf(script, node),
    silenceTimeoutMs: node.silenceTimeoutMs ?? script.settings.silenceTimeoutMs,
    maxNoMatch: node.maxNoMatch ?? script.settings.maxNoMatch,
    maxRepeat: node.maxRepeat ?? script.settings.maxRepeat,
    maxSilence: node.maxSilence ?? script.settings.maxSilence,
    maxNotRecognised: node.maxNotRecognised ?? script.settings.maxNotRecognised,
    fallback: node.fallback ?? script.settings.fallback,
    branches,
    keywordMatcher: specs.length > 0 ? new PhraseMatcher(specs) : undefined,
    regexBranches,
    intentBranches,
    dtmfBranches,
    silenceBranch,
    noMatchBranch,
    repeatBranch,
    notRecognisedBranch,
    // Phrase syntax (=, ^, *, (a|b)) is the matcher's, not words to favour: only plain words are hot words.
    hotwords: [...hotwords].filter((w) => /^[\p{L}\p{N}]+$/u.test(w)).slice(0, 50),
    endOfTurnMs: node.endOfTurnMs,
    yesNo: isYesNo(node),
  };
}

/** Branches that do not depend on what the callee says (they do not make a question open). */
const NOT_SPOKEN = new Set(['silence', 'noMatch', 'repeat', 'notRecognised', 'dtmf']);

/** A 是/不是 question: it has an affirm or negate branch and no other branch on the callee's words. */
function isYesNo(node: SayNode): boolean {
  const spoken = node.branches.filter((b) => !NOT_SPOKEN.has(b.kind));
  return spoken.length > 0 && spoken.every((b) => b.kind === 'affirm' || b.kind === 'negate');
}

function compileNode(script: ScriptDefinition, id: string, node: ScriptNode): CompiledNode {
  const base = { id, title: node.title, labels: node.labels };
  switch (node.kind) {
    case 'say':
      return compileSay(script, id, node);
    case 'jump':
      return {
        ...base,
        kind: 'jump',
        target: node.target ?? script.flows.find((f) => f.id === node.flow)?.entry ?? '',
      };
    case 'hangup':
      return { ...base, kind: 'hangup', variants: compileVariants(node.variants), reason: node.reason };
    case 'transfer':
      return { ...base, kind: 'transfer', variants: compileVariants(node.variants), target: node.target };
  }
}

function compileResponders(script: ScriptDefinition): CompiledResponder[] {
  const globals = script.globals.map((g): CompiledResponder => ({
    source: 'global',
    id: g.id,
    title: g.title,
    variants: compileVariants(g.variants),
    dndReason: g.action?.reason,
    then: g.then,
    target: g.target,
    resume: g.resume,
    priority: g.priority,
    labels: g.labels,
    intents: new Set(g.intents),
    regex: g.pattern?.trim() ? compileRegex(g.pattern) : undefined,
    asksSn: undefined,
  }));
  const knowledge = script.knowledge.map((k): CompiledResponder => ({
    source: 'knowledge',
    id: k.asks_sn,
    title: k.ask_title,
    variants: [{ segments: parseTemplate(k.ask_caption), audio: k.audio }],
    dndReason: undefined,
    then: k.then,
    target: k.target,
    resume: k.resume,
    priority: k.priority,
    labels: k.labels,
    intents: new Set(k.intents),
    regex: undefined,
    asksSn: k.asks_sn,
  }));
  return [...globals, ...knowledge];
}

/** Learned examples with their targets resolved (validation has checked that they exist). */
function compileLearned(script: ScriptDefinition, responders: readonly CompiledResponder[]) {
  const out: { text: string; value: LearnedTarget }[] = [];
  for (const e of script.learned) {
    if (e.branch !== undefined && e.node !== undefined) {
      const node = script.nodes[e.node];
      const index = learnedBranchIndex(script, e.node, e.branch);
      const branch = node?.kind === 'say' ? node.branches[index] : undefined;
      if (branch) {
        out.push({
          text: e.text,
          value: { kind: 'branch', node: e.node, ref: { id: e.branch, index, branch } },
        });
      }
      continue;
    }
    const responder = responders.find((r) =>
      e.global !== undefined ? r.source === 'global' && r.id === e.global : r.asksSn === e.asks_sn,
    );
    if (responder) out.push({ text: e.text, value: { kind: 'responder', responder } });
  }
  return new ExampleMatcher(out);
}

/**
 * Validates and compiles a script into its runtime graph: keywords normalized into phrase matchers, templates
 * pre-parsed, branches indexed by kind, defaults resolved. Throws AppError(WrongDataFormat) carrying
 * `details.problems` when the script has errors.
 * @example const compiled = compileScript(JSON.parse(text));
 */
export function compileScript(input: unknown): CompiledScript {
  const result = validateScript(input);
  if (!result.ok || !result.script) {
    throw new AppError(ErrorCode.WrongDataFormat, '话术校验未通过', { problems: result.problems });
  }
  const script = result.script;
  const nodes = new Map<string, CompiledNode>();
  for (const [id, node] of Object.entries(script.nodes)) nodes.set(id, compileNode(script, id, node));
  const responders = compileResponders(script);
  const customSpecs = script.intents.flatMap((i) => phraseSpecs(i.keywords, i.id, 0));
  const variableDefaults: Record<string, string> = {};
  for (const v of script.variables) if (v.default !== undefined) variableDefaults[v.name] = v.default;
  return {
    definition: script,
    name: script.name,
    version: script.version,
    mainEntry: script.flows[0]?.entry ?? '',
    flowEntries: new Map(script.flows.map((f) => [f.id, f.entry])),
    nodes,
    responders,
    responderMatcher: new PhraseMatcher(
      script.globals
        .flatMap((g, i) => phraseSpecs(g.keywords, responders[i] as CompiledResponder, g.priority))
        .concat(
          script.knowledge.flatMap((k, i) =>
            phraseSpecs(k.keywords, responders[script.globals.length + i] as CompiledResponder, k.priority),
          ),
        ),
    ),
    customIntentMatcher: new PhraseMatcher(customSpecs),
    customIntentPatterns: script.intents.flatMap((i) =>
      i.patterns.filter((p) => p.trim()).map((p) => ({ re: compileRegex(p), intent: i.id })),
    ),
    learned: compileLearned(script, responders),
    noMatchPrompt: compileVariants(script.settings.noMatchPrompt),
    silencePrompt: compileVariants(script.settings.silencePrompt),
    notRecognisedPrompt: compileVariants(script.settings.notRecognisedPrompt),
    maxTurns: script.settings.maxTurns,
    fallback: script.settings.fallback,
    variableDefaults,
    gradeRules: [...script.grading, ...DEFAULT_GRADE_RULES],
  };
}
