import { isBuiltinIntent } from '../match/intents.js';
import { isValidPhrase } from '../match/phrase-matcher.js';
import type { Keyword } from './script-schema.js';
import { ProblemCode, type ProblemList } from './script-problems.js';

/** All phrases of a keyword list (words and synonyms), trimmed, blanks dropped. */
export function keywordPhrases(keywords: readonly Keyword[] | undefined): string[] {
  const out: string[] = [];
  for (const k of keywords ?? []) {
    const words = typeof k === 'string' ? [k] : [k.word, ...k.synonyms];
    for (const w of words) if (w.trim()) out.push(w.trim());
  }
  return out;
}

/** Checks keyword phrases compile; reports each bad one. */
export function checkKeywords(
  problems: ProblemList,
  keywords: readonly Keyword[] | undefined,
  path: string,
  where: string,
  nodeId?: string,
): void {
  for (const phrase of keywordPhrases(keywords)) {
    if (!isValidPhrase(phrase)) {
      problems.error(ProblemCode.invalidPattern, path, `${where}的关键词「${phrase}」写法有误`, nodeId);
    }
  }
}

/** Checks a regular expression compiles. */
export function checkRegex(
  problems: ProblemList,
  pattern: string,
  flags: string | undefined,
  path: string,
  where: string,
  nodeId?: string,
): void {
  try {
    new RegExp(pattern, (flags ?? '').replace(/[gy]/g, '')).test('');
  } catch {
    problems.error(ProblemCode.invalidPattern, path, `${where}的正则表达式「${pattern}」无法解析`, nodeId);
  }
}

/** Checks intent names are built-in or one of the script's custom intents. */
export function checkIntents(
  problems: ProblemList,
  intents: readonly string[],
  custom: ReadonlySet<string>,
  path: string,
  where: string,
  nodeId?: string,
): void {
  intents.forEach((name, i) => {
    if (!isBuiltinIntent(name) && !custom.has(name)) {
      problems.error(
        ProblemCode.unknownIntent,
        `${path}[${i}]`,
        `${where}引用了不存在的意图「${name}」`,
        nodeId,
      );
    }
  });
}
