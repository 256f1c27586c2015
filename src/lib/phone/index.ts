/** Chinese phone-number normalization: the public surface of `lib/phone`. */
export { normalizePhone, numberSegmentValid } from './normalize-phone.js';
export { Carrier, mobileCarrier } from './mobile-segments.js';
export { PhoneKind, PhoneRejectReason } from './phone-result.js';
export type { NormalizedPhone, PhoneResult, RejectedPhone } from './phone-result.js';
