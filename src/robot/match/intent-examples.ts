import { ExampleMatcher, type ExampleHit } from './example-matcher.js';
import type { BuiltinIntent } from './intents.js';

/**
 * Whole replies for the stance and question intents, as callees put them when no lexicon phrase is said as
 * written: the last resort before a no-match. A reply close to one of them (character-bigram Dice, see
 * example-matcher.ts) is read as its intent. The intents that end a call (wrong person, do not call, voicemail)
 * have no examples: a resemblance is never enough to hang up.
 */
export type SimilarIntent = Extract<
  BuiltinIntent,
  'affirm' | 'refuse' | 'busy' | 'hesitate' | 'who_are_you' | 'repeat'
>;

const EXAMPLES: Readonly<Record<SimilarIntent, readonly string[]>> = {
  affirm: [
    '那就这样定下来吧',
    '那你们就安排吧',
    '那就听你的吧',
    '行那就这么着吧',
    '那我们就去看看吧',
    '那就让孩子来试试',
    '可以啊那就约一下',
    '那你就登记一下吧',
    '好那就按你说的办',
    '那就报个名试试看',
    '那我就去一趟',
    '那先这么安排着',
    '我看可以去试一试',
    '听起来还不错那就去',
  ],
  refuse: [
    '我们家不弄这些东西',
    '这种课我们不上的',
    '孩子不搞这些的',
    '这个我们真不用的',
    '你们这个我们不要',
    '我们家用不上这个',
    '孩子学不了这个的',
    '不报这种班的',
    '这个就不麻烦你了',
    '这个我们就不参加了',
    '我们家没打算弄这个',
    '你们找别人吧',
    '这个不适合我们家',
    '我们对这个没想法',
  ],
  busy: [
    '我这会儿手上有事',
    '我这边走不开',
    '现在正忙着干活呢',
    '我在外面跑业务呢',
    '现在这边太吵了',
    '我这正带着孩子呢',
    '现在说话不太方便',
    '我在单位呢不好说',
    '人在路上开着车',
    '等我下了班再说吧',
    '现在腾不出手来',
  ],
  hesitate: [
    '这个事我还得再合计合计',
    '我回去跟家里人说一声',
    '我先看看孩子的意思',
    '等我跟孩子他爸碰一下',
    '这个我还拿不准主意',
    '我心里还没底',
    '我得问问孩子自己的想法',
    '让我先缓一缓再说',
    '我这边还得再考虑一段时间',
    '我还要再比一比',
    '你让我再掂量掂量',
    '我这还没想清楚呢',
  ],
  who_are_you: [
    '你们是搞什么的',
    '你是哪个单位打来的',
    '你们是做什么生意的',
    '你那边是什么地方',
    '打电话来是要干嘛',
    '你们打我电话干什么',
    '你这是哪家的电话',
    '你是做什么工作的',
    '你们这是什么电话',
  ],
  repeat: [
    '你刚刚讲的我没听懂',
    '你说的我没太明白',
    '你讲慢一点我听听',
    '信号不太好你再讲讲',
    '你那边声音断断续续的',
    '刚才那句没听清楚',
    '你再讲一下刚刚那个',
  ],
};

const MATCHER = new ExampleMatcher<SimilarIntent>(
  (Object.entries(EXAMPLES) as [SimilarIntent, readonly string[]][]).flatMap(([intent, texts]) =>
    texts.map((text) => ({ text, value: intent })),
  ),
);

/** Below this a bigram resemblance is coincidence; short replies are left to the lexicon entirely. */
export const SIMILAR_INTENT_THRESHOLD = 0.6;
const MIN_CHARS = 4;

/**
 * The built-in intent a reply most resembles, among those `accept` allows; undefined when none is close.
 * `key` is the reply as exampleKey gives it.
 * @example similarIntent('你们到底是搞啥的', () => true)?.value // 'who_are_you'
 */
export function similarIntent(
  key: string,
  accept: (intent: SimilarIntent) => boolean,
): ExampleHit<SimilarIntent> | undefined {
  if (key.length < MIN_CHARS) return undefined;
  return MATCHER.closest(key, accept, SIMILAR_INTENT_THRESHOLD);
}
