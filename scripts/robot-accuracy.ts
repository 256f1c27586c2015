/**
 * Measures the rule engine's intent accuracy on the labelled utterance set and lists every miss.
 * Run: node --import tsx scripts/robot-accuracy.ts [path-to-set.json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureAccuracy, type LabelledUtterance } from '../src/robot/match/accuracy.js';

const defaultSet = fileURLToPath(new URL('../test/fixtures/robot/utterances.json', import.meta.url));
const path = process.argv[2] ?? defaultSet;
const items = JSON.parse(readFileSync(path, 'utf8')) as LabelledUtterance[];
const report = measureAccuracy(items);

console.log(`labelled set: ${path}`);
console.log(`accuracy: ${report.correct}/${report.total} = ${(report.accuracy * 100).toFixed(1)}%`);
console.log('per intent (correct/total):');
for (const [intent, s] of Object.entries(report.perIntent)) {
  console.log(`  ${intent.padEnd(18)} ${s.correct}/${s.total}`);
}
if (report.misses.length > 0) {
  console.log(`misclassified (${report.misses.length}):`);
  for (const m of report.misses) {
    console.log(`  expected ${m.expected.padEnd(18)} got ${m.actual.padEnd(18)} ${m.text}`);
  }
}
