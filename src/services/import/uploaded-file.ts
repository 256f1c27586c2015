/** An uploaded file as the HTTP layer hands it over: a size-capped temp file, removed after the request. */
export interface UploadedImportFile {
  readonly field: string;
  readonly filename: string;
  readonly path: string;
  readonly bytes: number;
}
