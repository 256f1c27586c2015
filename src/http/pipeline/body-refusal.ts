import { ErrorCode } from '../../lib/app-error.js';

/**
 * A refusal of the request body itself (413 too large, 429 too many bodies in flight): answered with that HTTP
 * status and a vendor-shaped body `{code, msg}` by error-handler.ts, never as a 500.
 */
export class BodyRefusal extends Error {
  constructor(
    readonly statusCode: number,
    readonly vendorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyRefusal';
  }
}

/** 413 with the vendor's "wrong data format" code. */
export const tooLarge = (message: string) => new BodyRefusal(413, ErrorCode.WrongDataFormat, message);
