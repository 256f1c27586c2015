/**
 * Measures how the robot handles labelled callee replies at the demo scripts' nodes and prints, for the tuning set
 * and the held-out set separately: accuracy, accuracy per branch kind, a confusion table (expected kind × chosen
 * kind) and any reply wrongly taken for "wrong person" / "do not call". Tuning-set misses are listed; held-out
 * misses only with --show-heldout-misses (the held-out set is never tuned on).
 * Run: npm run robot:accuracy [-- --show-heldout-misses]
 * The intent-level sets (utterances*.json) are summarised at the end.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScript, courseScript, paymentScript } from '../src/robot/index.js';
import { measureAccuracy, type LabelledUtterance } from '../src/robot/match/accuracy.js';
import { parseReplyCorpus } from '../src/robot/corpus/reply-corpus.js';
import { measureReplies, type ReplyAccuracyReport } from '../src/robot/corpus/reply-accuracy.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/robot/', import.meta.url));
const showHeldOut = process.argv.includes('--show-heldout-misses');
const scripts = new Map([
  ['course', compileScript(courseScript)],
  ['payment', compileScript(paymentScript)],
]);

const pct = (n: number, d: number): string => `${d ? ((100 * n) / d).toFixed(1) : '0.0'}%`;

function printReport(title: string, r: ReplyAccuracyReport, listMisses: boolean): void {
  console.log(`\n== ${title}: ${r.correct}/${r.total} = ${pct(r.correct, r.total)}`);
  console.log('per expected kind (correct/total):');
  for (const [kind, s] of Object.entries(r.perKind)) {
    console.log(
      `  ${kind.padEnd(10)} ${String(s.correct).padStart(4)}/${String(s.total).padEnd(4)} ${pct(s.correct, s.total)}`,
    );
  }
  const kinds = [
    ...new Set([...Object.keys(r.confusion), ...Object.values(r.confusion).flatMap(Object.keys)]),
  ];
  console.log(
    'confusion (rows: expected kind, columns: chosen kind; a same-kind cell may hold a wrong target):',
  );
  console.log(`  ${''.padEnd(10)}${kinds.map((k) => k.slice(0, 8).padStart(9)).join('')}`);
  for (const [kind, row] of Object.entries(r.confusion)) {
    console.log(`  ${kind.padEnd(10)}${kinds.map((k) => String(row[k] ?? '·').padStart(9)).join('')}`);
  }
  console.log(`taken for wrong person / do not call although neither: ${r.wrongEndings.length}`);
  for (const m of r.wrongEndings)
    console.log(`  ! ${m.item.script} ${m.item.node}: ${m.item.text} → ${m.actual.outcome}`);
  if (!listMisses) return;
  console.log(`misses (${r.misses.length}):`);
  for (const m of r.misses) {
    const want = m.item.outcome + (m.item.then ? ` +${m.item.then}` : '');
    const got = m.actual.outcome + (m.actual.then ? ` +${m.actual.then}` : '');
    console.log(
      `  ${m.item.script} ${m.item.node.padEnd(18)} want ${want.padEnd(22)} got ${got.padEnd(22)} ${m.item.text}`,
    );
  }
}

for (const [file, title, list] of [
  ['replies-tuning.txt', 'tuning set', true],
  ['replies-heldout.txt', 'held-out set', showHeldOut],
] as const) {
  const items = parseReplyCorpus(readFileSync(fixtures + file, 'utf8'));
  printReport(`${title} (${file})`, measureReplies(items, scripts), list);
}

console.log('\nintent-level sets:');
for (const f of readdirSync(fixtures)
  .filter((x) => /^utterances.*\.json$/.test(x))
  .sort()) {
  const report = measureAccuracy(JSON.parse(readFileSync(fixtures + f, 'utf8')) as LabelledUtterance[]);
  console.log(`  ${f.padEnd(26)} ${report.correct}/${report.total} = ${pct(report.correct, report.total)}`);
}
