import type { NormalizedUtterance } from './normalize.js';
import { classifyIntent, type IntentResult } from './rule-classifier.js';

/**
 * A source of intent decisions for the session. The rule engine below is complete on its own; a statistical
 * model can be plugged in behind the same interface (e.g. one that falls back to the rules when unsure).
 * Synchronous on purpose: the session answers within the same tick, so an asynchronous model must be
 * consulted by the caller before handing the text in.
 */
export interface IntentClassifier {
  classify(utterance: NormalizedUtterance): IntentResult;
}

/** The built-in rule classifier (lexicon + negation + precedence). */
export const ruleIntentClassifier: IntentClassifier = { classify: classifyIntent };
