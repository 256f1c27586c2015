import { isNegated } from './negation.js';
import type { NormalizedUtterance } from './normalize.js';
import type { PhraseMatcher } from './phrase-matcher.js';

/** A keyword found in an utterance. */
export interface KeywordHit<T> {
  readonly value: T;
  readonly phrase: string;
  readonly priority: number;
  /** Matched span length: the more specific keyword wins on equal priority. */
  readonly length: number;
  readonly clause: number;
  readonly start: number;
}

/**
 * Keyword hits of a script matcher in an utterance, per clause, overlaps resolved (priority, then longest),
 * negated hits dropped ("不报名" does not match 报名). A keyword that itself starts with a negation
 * ("不需要") is matched as written.
 */
export function findKeywords<T>(
  matcher: PhraseMatcher<T> | undefined,
  utterance: NormalizedUtterance,
): KeywordHit<T>[] {
  const out: KeywordHit<T>[] = [];
  if (!matcher || matcher.size === 0) return out;
  utterance.clauses.forEach((clause, i) => {
    for (const hit of matcher.select(clause.text)) {
      if (isNegated(clause, hit.start)) continue;
      out.push({
        value: hit.entry.value,
        phrase: hit.entry.phrase,
        priority: hit.entry.priority,
        length: hit.end - hit.start,
        clause: i,
        start: hit.start,
      });
    }
  });
  return out;
}
