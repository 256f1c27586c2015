/**
 * `{变量}` placeholders in robot lines. Parsed once at compile time into segments so that rendering a line
 * during a call is a join, not a regex.
 */
export type TemplateSegment = { readonly text: string } | { readonly variable: string };

const PLACEHOLDER = /\{([^{}\s]{1,32})\}/g;

/** Splits a line into literal text and variable segments. */
export function parseTemplate(text: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) segments.push({ text: text.slice(last, m.index) });
    segments.push({ variable: m[1] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/** Variable names used in a line, in order of appearance. */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Renders parsed segments; a missing value falls back to `defaults`, then to an empty string.
 * @example renderTemplate(parseTemplate('您好，{姓名}'), { 姓名: '张三' }) // '您好，张三'
 */
export function renderTemplate(
  segments: readonly TemplateSegment[],
  values: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>> = {},
): string {
  let out = '';
  for (const s of segments) {
    if ('text' in s) out += s.text;
    else out += values[s.variable] ?? defaults[s.variable] ?? '';
  }
  return out;
}
