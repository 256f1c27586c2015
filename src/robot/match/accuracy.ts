import { ruleIntentClassifier, type IntentClassifier } from './intent-classifier.js';
import { normalizeUtterance } from './normalize.js';

/** One labelled utterance of the accuracy set (test/fixtures/robot/utterances.json). */
export interface LabelledUtterance {
  readonly text: string;
  readonly expected: string;
}

export interface AccuracyReport {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly perIntent: Readonly<Record<string, { correct: number; total: number }>>;
  readonly misses: readonly { text: string; expected: string; actual: string }[];
}

/** Runs a classifier over a labelled set; shared by the unit test and scripts/robot-accuracy.ts. */
export function measureAccuracy(
  items: readonly LabelledUtterance[],
  classifier: IntentClassifier = ruleIntentClassifier,
): AccuracyReport {
  const perIntent: Record<string, { correct: number; total: number }> = {};
  const misses: { text: string; expected: string; actual: string }[] = [];
  let correct = 0;
  for (const item of items) {
    const actual = classifier.classify(normalizeUtterance(item.text)).intent;
    const stat = (perIntent[item.expected] ??= { correct: 0, total: 0 });
    stat.total++;
    if (actual === item.expected) {
      correct++;
      stat.correct++;
    } else {
      misses.push({ text: item.text, expected: item.expected, actual });
    }
  }
  return {
    total: items.length,
    correct,
    accuracy: items.length ? correct / items.length : 0,
    perIntent,
    misses,
  };
}
