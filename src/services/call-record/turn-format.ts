// One dialogue turn as stored in call_records.turns (written by the dialer at hang-up) and as 6.4 cdrshow
// shows it. The stored form is the wire form plus `match`, our marker of how the callee's reply was understood.

/**
 * A stored turn. The dialer writes the 6.4 fields it knows; missing ones get defaults on the wire.
 * `match` carries the robot's match kind of the callee's reply (branch, global, knowledge, repeat, noMatch,
 * silence, noise, dtmf): 7.7 `out_of_key_data` collects the replies marked {@link UNMATCHED_MATCH}.
 */
export interface StoredTurn {
  /** Robot text. */
  readonly caption?: string;
  /** Script node title, e.g. "01打招呼+开场白". */
  readonly title?: string;
  /** The callee's recognised reply. */
  readonly answer?: string;
  /** Robot prompt audio. */
  readonly vocfile?: string;
  /** Segment recording (→ 6.3 cdrFragmentDownload). */
  readonly fenduanluyin?: string;
  readonly score?: number;
  /** Label(s) the reply earned, as text. */
  readonly labelling?: string;
  /** 1 when the callee replied in this turn. */
  readonly is_answer?: number;
  readonly outType?: number | string;
  readonly process_code?: string;
  readonly match?: string;
}

/** Marker of a reply the script could not match (`match` of a {@link StoredTurn}). */
export const UNMATCHED_MATCH = 'noMatch';
/** Also accepted as the unmatched marker, in `labelling`, for writers that have no `match` field. */
export const UNMATCHED_LABELLING = 'no_match';

/** A 6.4 turn, every documented field present. */
export interface FragmentTurn {
  vocfile: string;
  caption: string;
  title: string;
  answer: string;
  fenduanluyin: string;
  outType: number | string;
  is_answer: number;
  score: number;
  labelling: string;
  process_code: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * A stored turn (or anything found in the turns column) → the 6.4 wire turn. Missing strings are '', a
 * missing `is_answer` is derived from the presence of an answer, `outType` defaults to 0.
 * @example toFragmentTurn({ caption: '您好', answer: '嗯' }).is_answer // 1
 */
export function toFragmentTurn(raw: unknown): FragmentTurn {
  const t = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const answer = text(t.answer);
  const outType = typeof t.outType === 'string' ? t.outType : (num(t.outType) ?? 0);
  return {
    vocfile: text(t.vocfile),
    caption: text(t.caption),
    title: text(t.title),
    answer,
    fenduanluyin: text(t.fenduanluyin),
    outType,
    is_answer: num(t.is_answer) ?? (answer.trim() === '' ? 0 : 1),
    score: num(t.score) ?? 0,
    labelling: t.labelling === UNMATCHED_LABELLING ? '' : text(t.labelling),
    process_code: text(t.process_code),
  };
}

/** 6.4 `fragment`: one group of turns (the reference nests them, one group per call leg). */
export function toFragment(turns: unknown): FragmentTurn[][] {
  const list = Array.isArray(turns) ? (turns as unknown[]) : [];
  return [list.filter((t) => t !== null && typeof t === 'object').map(toFragmentTurn)];
}
