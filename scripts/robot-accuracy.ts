/**
 * Measures how the robot handles labelled callee replies at the demo scripts' nodes and prints, for the tuning set
 * and the held-out sets separately (the original, the second one written later, and both together): accuracy, accuracy per branch kind, a confusion table (expected kind × chosen
 * kind) and any reply wrongly taken for "wrong person" / "do not call". Tuning-set misses are listed; held-out
 * misses only with --show-heldout-misses (the held-out set is never tuned on).
 * Run: npm run robot:accuracy [-- --show-heldout-misses]
 * The intent-level sets (utterances*.json) are summarised at the end.
 *
 * With --model-stand-in the sets are measured again with the optional reply classifier consulted for every reply
 * the rules cannot place, against a loopback stand-in for an OpenAI-compatible server whose "model" is a
 * character-bigram overlap between the reply and each choice's description (a plumbing check, not an LLM).
 * With --model-url <…/v1> [--model-name <name>] [--model-key <key>] a real endpoint is measured instead.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScript, courseScript, paymentScript } from '../src/robot/index.js';
import { measureAccuracy, type LabelledUtterance } from '../src/robot/match/accuracy.js';
import { parseReplyCorpus } from '../src/robot/corpus/reply-corpus.js';
import {
  decideAt,
  measureReplies,
  outcomeOf,
  type ReplyAccuracyReport,
  type ReplyOutcome,
} from '../src/robot/corpus/reply-accuracy.js';
import type { LabelledReply } from '../src/robot/corpus/reply-corpus.js';
import { replyChoices, type CompiledScript, type ReplyClassifier } from '../src/robot/index.js';
import { decisionForChoice } from '../src/robot/runtime/choice-decision.js';
import { OpenAiReplyClassifier } from '../src/clients/reply-model/openai-reply-classifier.js';
import { promptChoices, promptReply, startReplyModelStandIn } from '../test/support/reply-model-stand-in.js';

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
  for (const m of r.wrongEndings) {
    console.log(`  ! ${m.item.script} ${m.item.node}: ${m.item.text} → ${m.actual.outcome}`);
  }
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

/** Files of one set, read as one list. */
const load = (files: readonly string[]): LabelledReply[] =>
  files.flatMap((file) => parseReplyCorpus(readFileSync(fixtures + file, 'utf8')));

const HELD_OUT = ['replies-heldout.txt', 'replies-heldout-fresh.txt'] as const;
const sets = [
  [['replies-tuning.txt'], 'tuning set', true],
  [['replies-heldout.txt'], 'held-out set, original', showHeldOut],
  [['replies-heldout-fresh.txt'], 'held-out set, second (written later)', showHeldOut],
  [HELD_OUT, 'held-out set, enlarged (both)', false],
] as const;
for (const [files, title, list] of sets) {
  printReport(`${title} (${files.join(' + ')})`, measureReplies(load(files), scripts), list);
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** The rules, then the reply classifier for what they cannot place (as the dialer does). */
async function withClassifier(items: readonly LabelledReply[], classifier: ReplyClassifier) {
  const chosen = new Map<LabelledReply, ReplyOutcome>();
  for (const item of items) {
    const script = scripts.get(item.script) as CompiledScript;
    const { node, decision } = decideAt(script, item.node, item.text);
    if (decision.kind !== 'noMatch') continue;
    const robotLine = node.variants[0]?.segments.map((seg) => ('text' in seg ? seg.text : '')).join('') ?? '';
    const choice = await classifier.choose({
      robotLine,
      reply: item.text,
      choices: replyChoices(script, node),
    });
    const picked = choice === undefined ? undefined : decisionForChoice(script, node, choice);
    if (picked) chosen.set(item, outcomeOf(node, picked));
  }
  return measureReplies(items, scripts, (script, item) => {
    const mine = chosen.get(item);
    if (mine) return mine;
    const { node, decision } = decideAt(script, item.node, item.text);
    return outcomeOf(node, decision);
  });
}

const bigrams = (t: string): Set<string> => new Set([...t].slice(1).map((c, i) => (t[i] ?? '') + c));
const modelUrl = arg('--model-url');
if (modelUrl || process.argv.includes('--model-stand-in')) {
  const standIn = modelUrl
    ? undefined
    : await startReplyModelStandIn((req) => {
        const reply = bigrams(promptReply(req));
        let best = { id: 'none', shared: 0 };
        for (const c of promptChoices(req)) {
          const shared = [...bigrams(c.description)].filter((g) => reply.has(g)).length;
          if (shared > best.shared) best = { id: c.id, shared };
        }
        return { content: best.id };
      });
  const classifier = new OpenAiReplyClassifier({
    baseUrl: modelUrl ?? standIn?.baseUrl ?? '',
    model: arg('--model-name') ?? 'stand-in',
    ...(arg('--model-key') ? { apiKey: arg('--model-key') } : {}),
  });
  const what = modelUrl
    ? `model ${arg('--model-name') ?? ''} at ${modelUrl}`
    : 'loopback stand-in (bigram overlap)';
  for (const [files, title] of sets) {
    const items = load(files);
    printReport(
      `${title} with the reply classifier — ${what}`,
      await withClassifier(items, classifier),
      false,
    );
  }
  await standIn?.close();
}

console.log('\nintent-level sets:');
for (const f of readdirSync(fixtures)
  .filter((x) => /^utterances.*\.json$/.test(x))
  .sort()) {
  const report = measureAccuracy(JSON.parse(readFileSync(fixtures + f, 'utf8')) as LabelledUtterance[]);
  console.log(`  ${f.padEnd(26)} ${report.correct}/${report.total} = ${pct(report.correct, report.total)}`);
}
