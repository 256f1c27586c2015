/**
 * A domain failure carrying the vendor error code (see docs/compat-notes.md "Error codes").
 * Services throw it; the HTTP layer renders it in the endpoint's own envelope. Never carries a stack to the wire.
 * @example throw new AppError(ErrorCode.ImportFileEmpty, '导入文件为空');
 */
export class AppError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra fields merged into the error response (e.g. a list of validation problems). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The reference's error-code table (§1.7) plus our documented extensions (40xxx). */
export const ErrorCode = {
  Ok: 0,
  UrlVerifyFailed: 10001,
  WrongTransferMethod: 20001,
  WrongDataFormat: 20002,
  ClientTypeMissing: 20003,
  WrongCredentials: 20004,
  ApiKeyInvalid: 20005,
  ApiKeyExpired: 20006,
  NoPermission: 20007,
  ImportFileEmpty: 30001,
  ImportFileFormat: 30002,
  ImportTemplateEmpty: 30003,
  NotFound: 40004,
  Conflict: 40009,
  LimitExceeded: 40029,
  ParamOrderMismatch: 100001,
  Internal: 50000,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
