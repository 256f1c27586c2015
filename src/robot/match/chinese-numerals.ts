/**
 * Chinese numerals → Arabic digits, for regex branches and number extraction ("十五号" → "15号",
 * "一千九百八十" → "1980", "幺三八" → "138", "三点五" → "3.5", "三千二" → "3200").
 * Keyword matching keeps the original characters: converting "一下" or "一点" would break phrases.
 */
const DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };
const RUN = /[零〇一幺二两三四五六七八九十百千万亿]+(?:点[零〇一幺二两三四五六七八九]+)?/g;
/** A single numeral is only a number when a measure word follows ("一个月" yes, "一下" no). */
const MEASURE = /^[号元块岁月日天年期次个分秒折成倍周%]/;

/** Value of a run such as "一千九百八十"; undefined when it is not a well-formed number. */
export function parseChineseInteger(run: string): number | undefined {
  if (run.length === 0) return undefined;
  const chars = [...run];
  if (chars.every((c) => c in DIGIT)) return Number(chars.map((c) => DIGIT[c]).join(''));
  let total = 0;
  let section = 0;
  let num = 0;
  let lastUnit = 0;
  let afterUnit = false;
  for (const c of chars) {
    const d = DIGIT[c];
    const u = UNIT[c];
    const b = BIG[c];
    if (d !== undefined) {
      num = d;
      afterUnit = afterUnit && d !== 0;
    } else if (u !== undefined) {
      section += (num === 0 && section === 0 && u === 10 ? 1 : num) * u;
      num = 0;
      lastUnit = u;
      afterUnit = true;
    } else if (b !== undefined) {
      total += (section + num) * b;
      section = 0;
      num = 0;
      lastUnit = b;
      afterUnit = true;
    } else {
      return undefined;
    }
  }
  // Colloquial "三千二" means 3200: a trailing digit right after a unit counts in the next lower unit.
  if (num > 0 && afterUnit && lastUnit >= 100) num *= lastUnit / 10;
  return total + section + num;
}

function convertRun(run: string): string {
  const dot = run.indexOf('点');
  if (dot > 0) {
    const whole = parseChineseInteger(run.slice(0, dot));
    const frac = [...run.slice(dot + 1)].map((c) => DIGIT[c] ?? '').join('');
    return whole === undefined ? run : `${whole}.${frac}`;
  }
  const value = parseChineseInteger(run);
  return value === undefined ? run : String(value);
}

/**
 * Replaces numeral runs in `text` with digits.
 * @example convertChineseNumerals('下个月十五号还三千二') // '下个月15号还3200'
 */
export function convertChineseNumerals(text: string): string {
  return text.replace(RUN, (run: string, offset: number) => {
    const first = run[0] ?? '';
    if (first === '万' || first === '亿' || first === '千' || first === '百') return run;
    const next = text.slice(offset + run.length);
    if (run.length === 1 && run !== '十' && !MEASURE.test(next)) return run;
    if (run.length === 1 && first === '一' && next.startsWith('点')) return run;
    return convertRun(run);
  });
}
