/**
 * Decides what an uploaded file is from its first bytes; the file name and MIME type sent by the client
 * are not trusted (operators rename `.xls` to `.xlsx` and browsers send `application/octet-stream`).
 */

export const SniffedType = {
  /** Zip container (`PK\x03\x04`, or an empty zip `PK\x05\x06`): an OOXML workbook if anything. */
  Xlsx: 'xlsx',
  /** OLE2 compound document (`D0 CF 11 E0`): legacy Excel 97–2003 `.xls`. */
  Xls: 'xls',
  /** Plain text: UTF-8/16, GBK/GB18030 … */
  Csv: 'csv',
  Empty: 'empty',
  /** Anything else binary: PDF, images, gzip, `.doc` … */
  Unknown: 'unknown',
} as const;
export type SniffedType = (typeof SniffedType)[keyof typeof SniffedType];

/**
 * Classifies a file by its head (give it at least the first few KB for text detection).
 * @example sniffFileType(Buffer.from('PK\x03\x04…')) // 'xlsx'
 */
export function sniffFileType(head: Uint8Array): SniffedType {
  if (head.length === 0) return SniffedType.Empty;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return SniffedType.Xlsx;
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return SniffedType.Xls;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return SniffedType.Unknown; // %PDF- (text-like header)
  return looksLikeText(head) ? SniffedType.Csv : SniffedType.Unknown;
}

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/**
 * Text has no NUL bytes and almost no C0 controls. UTF-16 is recognised by its BOM only (Excel's
 * "Unicode text" export always writes one); BOM-less UTF-16 is refused rather than guessed.
 */
function looksLikeText(head: Uint8Array): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
  const n = Math.min(head.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] ?? 0;
    if (b === 0) return false;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) controls++;
  }
  return controls <= n / 100;
}
