/**
 * The labelled reply corpus (test/fixtures/robot/replies-*.txt): callee replies as a recogniser delivers them,
 * each with the node it answers and what the robot should do with it. The text format keeps a thousand lines
 * reviewable: `== <script> <node>` opens a node, `-- <kind> <outcome>` labels the lines below it, `#` comments.
 */

/** What a reply should lead to: a node id, `global <id>`, `knowledge <title>`, `repeat` or `noMatch`. */
export interface LabelledReply {
  readonly script: string;
  readonly node: string;
  readonly text: string;
  /** Branch kind (affirm, keywords …) or global / knowledge / repeat / noMatch: for the per-kind report. */
  readonly kind: string;
  readonly outcome: string;
  /** Set when the reply answers a question and keeps a confirmation: the node to continue to. */
  readonly then: string | undefined;
  readonly line: number;
}

export class CorpusFormatError extends Error {}

/**
 * Parses the corpus text format.
 * @example parseReplyCorpus('== course greet\n-- affirm intro\n嗯是的')[0].outcome // 'intro'
 */
export function parseReplyCorpus(text: string): LabelledReply[] {
  const out: LabelledReply[] = [];
  let script = '';
  let node = '';
  let label: { kind: string; outcome: string; then: string | undefined } | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('==')) {
      [script = '', node = ''] = line.slice(2).trim().split(/\s+/);
      label = undefined;
      return;
    }
    if (line.startsWith('--')) {
      const words = line.slice(2).trim().split(/\s+/);
      const then = words.at(-1)?.startsWith('+') ? words.pop()?.slice(1) : undefined;
      const kind = words[0] ?? '';
      const outcome = kind === 'global' || kind === 'knowledge' ? words.join(' ') : (words[1] ?? kind);
      label = { kind, outcome, then };
      return;
    }
    if (!label || !node) throw new CorpusFormatError(`line ${i + 1}: a reply before its node and label`);
    out.push({ script, node, text: line, ...label, line: i + 1 });
  });
  return out;
}
