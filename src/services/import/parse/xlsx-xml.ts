/**
 * Just enough of SpreadsheetML to read a list: rows and cells of a worksheet, the shared-string table, which
 * cell styles are dates, the 1904 date system. Scanned incrementally from decoded text: each `push` parses
 * the complete records (`<row>`, `<si>`) it has and carries the rest, so memory follows one record, not the
 * part. Element names may carry a namespace prefix (`<x:row>`, as .NET writers produce).
 */
import type { RawRow } from './import-row.js';

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
/** OOXML's escape for characters XML cannot carry (`_x000D_` is a carriage return). */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content as written: XML entities and OOXML `_xHHHH_` escapes decoded. */
export function xmlText(raw: string): string {
  let text = raw;
  if (text.includes('&')) {
    text = text.replace(ENTITY, (_m, hex?: string, dec?: string, name?: string) =>
      name !== undefined ? NAMED[name]! : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10)),
    );
  }
  if (text.includes('_x')) {
    text = text.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return text;
}

/** The value of attribute `name` in a tag's attribute text. */
export function attribute(attrs: string, name: string): string | undefined {
  for (let at = attrs.indexOf(`${name}=`); at >= 0; at = attrs.indexOf(`${name}=`, at + 1)) {
    const before = attrs.charCodeAt(at - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    const quote = attrs[at + name.length + 1];
    if (quote !== '"' && quote !== "'") continue;
    const start = at + name.length + 2;
    const end = attrs.indexOf(quote, start);
    return end < 0 ? undefined : attrs.slice(start, end);
  }
  return undefined;
}

/** 0-based column of a cell reference (`A1` → 0, `AB7` → 27); -1 when it has no letters. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** End of the last complete `</name>` in `text` (prefix allowed), or -1. */
function lastClosing(text: string, name: string): number {
  const tail = `${name}>`;
  for (let at = text.lastIndexOf(tail); at > 0; at = text.lastIndexOf(tail, at - 1)) {
    const lt = text.lastIndexOf('<', at);
    if (lt >= 0 && /^<\/(?:[\w.-]+:)?$/.test(text.slice(lt, at))) return at + tail.length;
  }
  return -1;
}

/**
 * A tag found by `nextTag`, reused between calls (a regex match per tag costs an array and three strings,
 * and a sheet has four tags per cell).
 */
interface Tag {
  closing: boolean;
  empty: boolean;
  /** Local name (after any prefix) as [start, end) in the text. */
  nameStart: number;
  nameEnd: number;
  /** Where the tag's `>` is; attributes lie between `nameEnd` and it. */
  end: number;
}

/** Finds the next element tag at or after `from` into `tag`; false when there is none (or it is cut off). */
function nextTag(xml: string, from: number, tag: Tag): boolean {
  for (let lt = xml.indexOf('<', from); lt >= 0; lt = xml.indexOf('<', lt + 1)) {
    let p = lt + 1;
    const closing = xml.charCodeAt(p) === 47;
    if (closing) p++;
    const first = xml.charCodeAt(p);
    if (first === 63 || first === 33) continue; // <?…?>, <!-- … -->, <![CDATA[
    let q = p;
    for (; q < xml.length; q++) {
      const c = xml.charCodeAt(q);
      if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) break;
      if (c === 58) p = q + 1; // namespace prefix
    }
    const gt = xml.indexOf('>', q);
    if (gt < 0) return false;
    tag.closing = closing;
    tag.empty = xml.charCodeAt(gt - 1) === 47;
    tag.nameStart = p;
    tag.nameEnd = q;
    tag.end = gt;
    return true;
  }
  return false;
}

const isName = (xml: string, tag: Tag, name: string) =>
  tag.nameEnd - tag.nameStart === name.length && xml.startsWith(name, tag.nameStart);

/** Text content after `tag` up to the next tag, decoded. */
function textAfter(xml: string, tag: Tag): string {
  const lt = xml.indexOf('<', tag.end + 1);
  return xmlText(xml.slice(tag.end + 1, lt < 0 ? xml.length : lt));
}

/** Incremental scanner for records that close with `</name>`; `scan` sees whole records only. */
abstract class RecordScanner<T> {
  #carry = '';
  constructor(private readonly recordName: string) {}

  push(text: string): T[] {
    const all = this.#carry + text;
    const end = lastClosing(all, this.recordName);
    if (end < 0) {
      this.#carry = all;
      return [];
    }
    this.#carry = all.slice(end);
    return this.scan(all.slice(0, end));
  }

  end(): T[] {
    const rest = this.#carry;
    this.#carry = '';
    return this.scan(rest);
  }

  protected abstract scan(xml: string): T[];
}

/** Turns a cell's type (`t`), style index (`s`) and text (`<v>` or inline string) into its display text. */
export type CellReader = (type: string | undefined, style: number, text: string | undefined) => string;

/** Worksheet rows with at least one non-blank cell; a row's cells are dense from column A. */
export class SheetRowScanner extends RecordScanner<RawRow> {
  #lastRow = 0;

  constructor(private readonly readCell: CellReader) {
    super('row');
  }

  protected scan(xml: string): RawRow[] {
    const rows: RawRow[] = [];
    let cells: string[] | undefined;
    let blank = true;
    let rowNo = 0;
    let col = -1;
    let type: string | undefined;
    let style = 0;
    let value: string | undefined;
    let inline: string | undefined;
    let phonetic = false;
    const tag: Tag = { closing: false, empty: false, nameStart: 0, nameEnd: 0, end: -1 };
    while (nextTag(xml, tag.end + 1, tag)) {
      const { closing, empty } = tag;
      switch (tag.nameEnd - tag.nameStart) {
        case 1:
          if (isName(xml, tag, 'c')) {
            if (!closing) {
              const attrs = xml.slice(tag.nameEnd, tag.end);
              const r = attribute(attrs, 'r');
              const at = r === undefined ? -1 : columnIndex(r);
              col = at >= 0 ? at : col + 1;
              type = attribute(attrs, 't');
              const s = attribute(attrs, 's');
              style = s === undefined ? 0 : parseInt(s, 10);
              value = undefined;
              inline = undefined;
              if (!empty) break;
            }
            if (cells === undefined) break;
            const text = this.readCell(type, style, value ?? inline);
            if (text === '' && empty) break;
            while (cells.length < col) cells.push('');
            cells[col] = text;
            if (blank && text.trim() !== '') blank = false;
          } else if (isName(xml, tag, 'v')) {
            if (!closing && !empty) value = textAfter(xml, tag);
          } else if (isName(xml, tag, 't')) {
            if (!closing && !empty && inline !== undefined && !phonetic) inline += textAfter(xml, tag);
          }
          break;
        case 2:
          if (!closing && isName(xml, tag, 'is')) inline = '';
          break;
        case 3:
          if (isName(xml, tag, 'row')) {
            if (closing) {
              if (cells !== undefined && !blank) rows.push({ rowNo, cells });
              cells = undefined;
              break;
            }
            const r = attribute(xml.slice(tag.nameEnd, tag.end), 'r');
            rowNo = r === undefined ? this.#lastRow + 1 : parseInt(r, 10);
            this.#lastRow = rowNo;
            cells = empty ? undefined : [];
            blank = true;
            col = -1;
          } else if (isName(xml, tag, 'rPh')) {
            phonetic = !closing && !empty;
          }
          break;
        default:
          break;
      }
    }
    return rows;
  }
}

/** The shared-string table's items (`<si>`), rich-text runs joined, phonetic guides (`<rPh>`) left out. */
export class SharedStringScanner extends RecordScanner<string> {
  constructor() {
    super('si');
  }

  protected scan(xml: string): string[] {
    const items: string[] = [];
    let item: string | undefined;
    let phonetic = false;
    const tag: Tag = { closing: false, empty: false, nameStart: 0, nameEnd: 0, end: -1 };
    while (nextTag(xml, tag.end + 1, tag)) {
      const { closing, empty } = tag;
      if (isName(xml, tag, 'si')) {
        if (closing) {
          items.push(item ?? '');
          item = undefined;
        } else if (empty) items.push('');
        else item = '';
      } else if (isName(xml, tag, 'rPh')) {
        phonetic = !closing && !empty;
      } else if (isName(xml, tag, 't')) {
        if (!closing && !empty && item !== undefined && !phonetic) item += textAfter(xml, tag);
      }
    }
    return items;
  }
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the CJK ids 27–36 and 50–58). */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code shows a date when, outside quoted text and `[…]` sections, it has a date or time letter. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhsb]/i.test(bare.replace(/\\./g, ''));
}

/** For each cell style (`cellXfs` index), whether its number format shows a date. */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:[\w.-]+:)?numFmt\b([^>]*)>/g)) {
    const id = attribute(m[1]!, 'numFmtId');
    const code = attribute(m[1]!, 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(parseInt(id, 10), xmlText(code));
  }
  const section =
    /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const styles: boolean[] = [];
  for (const m of section.matchAll(/<(?:[\w.-]+:)?xf\b([^>]*)>/g)) {
    const id = parseInt(attribute(m[1]!, 'numFmtId') ?? '0', 10);
    const code = custom.get(id);
    styles.push(code === undefined ? BUILT_IN_DATES.has(id) : isDateFormatCode(code));
  }
  return styles;
}

/** Whether the workbook counts dates from 1904 (old Mac Excel) rather than 1900. */
export function usesDate1904(workbookXml: string): boolean {
  const pr = /<(?:[\w.-]+:)?workbookPr\b([^>]*)>/.exec(workbookXml)?.[1];
  const flag = pr === undefined ? undefined : attribute(pr, 'date1904');
  return flag === '1' || flag === 'true';
}

/** The part names `[Content_Types].xml` declares (without their leading `/`). */
export function declaredParts(contentTypesXml: string): Set<string> {
  const parts = new Set<string>();
  for (const m of contentTypesXml.matchAll(/PartName\s*=\s*["']\/?([^"']+)["']/g)) {
    parts.add(m[1]!.toLowerCase());
  }
  return parts;
}
