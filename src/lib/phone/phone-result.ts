import type { Carrier } from './mobile-segments.js';

/** What kind of line a normalized number reaches. */
export const PhoneKind = {
  Mobile: 'mobile',
  Landline: 'landline',
  /** 400/800 numbers, 95xxx/96xxx hotlines, 1xxxx carrier and government service numbers. */
  Service: 'service',
} as const;
export type PhoneKind = (typeof PhoneKind)[keyof typeof PhoneKind];

/** Why a raw value is not a dialable number; the Chinese text is shown to operators in 导入失败 data. */
export const PhoneRejectReason = {
  Empty: '号码为空',
  Format: '号码格式错误',
  Length: '号码位数错误',
  Segment: '号段不存在',
  AreaCode: '区号不存在',
  NoAreaCode: '固话缺少区号',
  Precision: '号码为科学计数法,精度已丢失',
  Foreign: '不支持境外号码',
  Special: '特服号码不支持外呼',
} as const;
export type PhoneRejectReason = (typeof PhoneRejectReason)[keyof typeof PhoneRejectReason];

export interface NormalizedPhone {
  ok: true;
  /** E.164 without the `+`: `86` + national significant number (no trunk 0), e.g. `8613800138000`, `861012345678`. */
  e164Digits: string;
  /** The form dialled inside China and used as the dedupe key: `13800138000`, `01012345678`, `4001234567`, `95555`. */
  national: string;
  kind: PhoneKind;
  /** Mobiles only. */
  carrier?: Carrier;
  /** Landlines (and area-scoped 95xxx/96xxx numbers): the code with its trunk 0, e.g. `010`, `0755`. */
  areaCode?: string;
}

export interface RejectedPhone {
  ok: false;
  reason: PhoneRejectReason;
}

export type PhoneResult = NormalizedPhone | RejectedPhone;

/** One shared frozen object per reason: rejections allocate nothing on the per-row path. */
export const REJECT: Readonly<Record<keyof typeof PhoneRejectReason, RejectedPhone>> = Object.freeze(
  Object.fromEntries(
    Object.entries(PhoneRejectReason).map(([key, reason]) => [key, Object.freeze({ ok: false, reason })]),
  ) as Record<keyof typeof PhoneRejectReason, RejectedPhone>,
);
