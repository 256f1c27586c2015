/**
 * Built-in intents the rule engine recognises in a callee's reply, and how they compete when one utterance
 * carries several (e.g. "不需要，以后别打了" is both a refusal and a do-not-call request).
 */
export const Intent = {
  affirm: 'affirm',
  negate: 'negate',
  refuse: 'refuse',
  busy: 'busy',
  hesitate: 'hesitate',
  repeat: 'repeat',
  whoAreYou: 'who_are_you',
  price: 'price',
  howGotNumber: 'how_got_number',
  dontCall: 'dont_call',
  wrongPerson: 'wrong_person',
  answeringMachine: 'answering_machine',
  none: 'none',
} as const;
export type BuiltinIntent = (typeof Intent)[keyof typeof Intent];

export const BUILTIN_INTENTS: readonly BuiltinIntent[] = Object.values(Intent);

/** True when `name` is one of the built-in intent names. */
export function isBuiltinIntent(name: string): name is BuiltinIntent {
  return (BUILTIN_INTENTS as readonly string[]).includes(name);
}

/**
 * How an intent competes with others in the same utterance:
 * - `override`: always wins (a do-not-call request or a voicemail greeting decides the call whatever else was said);
 * - `question`: the callee wants an answer;
 * - `stance`: the callee's position on the offer. A strong stance said after a question wins ("你是谁啊，我不需要"),
 *   a weak one (affirm/negate/repeat) never overrides a question ("好的好的，多少钱").
 */
export const IntentClass = {
  override: 'override',
  question: 'question',
  stance: 'stance',
  none: 'none',
} as const;
export type IntentClassName = (typeof IntentClass)[keyof typeof IntentClass];

interface IntentTraits {
  readonly cls: IntentClassName;
  /** Higher wins within a class. */
  readonly rank: number;
  /** A stance strong enough to override an earlier question. */
  readonly strong: boolean;
}

export const INTENT_TRAITS: Readonly<Record<BuiltinIntent, IntentTraits>> = {
  dont_call: { cls: 'override', rank: 100, strong: true },
  answering_machine: { cls: 'override', rank: 95, strong: true },
  wrong_person: { cls: 'override', rank: 90, strong: true },
  how_got_number: { cls: 'question', rank: 70, strong: false },
  who_are_you: { cls: 'question', rank: 68, strong: false },
  price: { cls: 'question', rank: 66, strong: false },
  refuse: { cls: 'stance', rank: 60, strong: true },
  busy: { cls: 'stance', rank: 55, strong: true },
  hesitate: { cls: 'stance', rank: 50, strong: true },
  repeat: { cls: 'stance', rank: 40, strong: false },
  negate: { cls: 'stance', rank: 30, strong: false },
  affirm: { cls: 'stance', rank: 20, strong: false },
  none: { cls: 'none', rank: 0, strong: false },
};
