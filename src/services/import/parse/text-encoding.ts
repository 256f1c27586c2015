/**
 * Encoding and delimiter detection for csv uploads. Chinese operators' Excel saves "CSV" in the system
 * code page (GBK) unless they pick "CSV UTF-8", so anything that is not valid UTF-8 is decoded as GB18030
 * (a superset of GBK and GB2312) unless chardet is confident it is Big5 or another Unicode form.
 */
import chardet from 'chardet';

/** Encodings as iconv-lite names them (`utf8` is decoded natively, without iconv). */
export const CsvEncoding = {
  Utf8: 'utf8',
  Utf16le: 'utf16le',
  Utf16be: 'utf16be',
  Gb18030: 'gb18030',
  Big5: 'big5',
} as const;
export type CsvEncoding = (typeof CsvEncoding)[keyof typeof CsvEncoding];

/**
 * Picks the encoding of a csv from its first bytes (a few KB are plenty).
 * @example detectCsvEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])) // 'utf8'
 */
export function detectCsvEncoding(sample: Uint8Array): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return CsvEncoding.Utf8;
  if (sample[0] === 0xff && sample[1] === 0xfe) return CsvEncoding.Utf16le;
  if (sample[0] === 0xfe && sample[1] === 0xff) return CsvEncoding.Utf16be;
  if (isUtf8Prefix(sample)) return CsvEncoding.Utf8;
  return BY_CHARDET_NAME[chardet.detect(sample) ?? ''] ?? CsvEncoding.Gb18030;
}

/** chardet verdicts we trust over the GB18030 default (it confuses short GBK text with EUC-KR, Shift_JIS …). */
const BY_CHARDET_NAME: Readonly<Record<string, CsvEncoding>> = {
  Big5: CsvEncoding.Big5,
  'UTF-16LE': CsvEncoding.Utf16le,
  'UTF-16BE': CsvEncoding.Utf16be,
};

/** Valid UTF-8, tolerating a multi-byte character cut off at the end of the sample. */
function isUtf8Prefix(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const CANDIDATES = [',', '\t', ';', '|'] as const;
export type CsvDelimiter = (typeof CANDIDATES)[number];

/**
 * The field delimiter that occurs most often, outside quotes, in the first five lines (`,` when none
 * does — a one-column file). Excel's "Unicode text" export uses tabs, European locales semicolons.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n' && ++lines === 5) break;
    else if (!quoted) {
      const k = CANDIDATES.indexOf(ch as CsvDelimiter);
      if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
  return CANDIDATES[best] ?? ',';
}

/** Record delimiter: `\n` (also ends `\r\n` records, the `\r` is trimmed) unless the text only uses `\r`. */
export function sniffRecordDelimiter(text: string): '\n' | '\r' {
  return text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
}
