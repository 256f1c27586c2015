/**
 * Measures the rule engine's intent accuracy on labelled utterance sets and lists every miss.
 * Run: node --import tsx scripts/robot-accuracy.ts [set.json …]
 * Without arguments: every set in test/fixtures/robot. utterances.json is the main set (written with the lexicon);
 * utterances-holdout.json and utterances-fresh.json were written later and first measured untuned at 80.6% and
 * 88.9%; the lexicon was then extended with general vocabulary (never by deleting items from a set).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureAccuracy, type LabelledUtterance } from '../src/robot/match/accuracy.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/robot/', import.meta.url));
const paths =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(fixtures)
        .filter((f) => /^utterances.*\.json$/.test(f))
        .sort()
        .reverse()
        .map((f) => fixtures + f);

for (const path of paths) {
  const items = JSON.parse(readFileSync(path, 'utf8')) as LabelledUtterance[];
  const report = measureAccuracy(items);
  console.log(`\n${path}`);
  console.log(`accuracy: ${report.correct}/${report.total} = ${(report.accuracy * 100).toFixed(1)}%`);
  console.log('per intent (correct/total):');
  for (const [intent, s] of Object.entries(report.perIntent)) {
    console.log(`  ${intent.padEnd(18)} ${s.correct}/${s.total}`);
  }
  console.log(`misclassified (${report.misses.length}):`);
  for (const m of report.misses) {
    console.log(`  expected ${m.expected.padEnd(18)} got ${m.actual.padEnd(18)} ${m.text}`);
  }
}
