import { ErrorCode, userError, type UserErrorData } from '../../../shared/user-error';

/** The data-export module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const DataExportErrorCode = {
  EXPORT_FAILED: 'EXPORT_FAILED',
} as const;

/** retryFailedExports answers each id on its own: these are per-id errors, `field` names the id's index. */
export const noSuchExport = (id: string, field: string[]): UserErrorData => userError(ErrorCode.NOT_FOUND, `No failed export ${id}`, field);

export const exportBeingResent = (id: string, field: string[]): UserErrorData =>
  userError(ErrorCode.CONFLICT, `Export ${id} is being resent by someone else`, field);

export const exportFailedAgain = (id: string, message: string, field: string[]): UserErrorData =>
  userError(DataExportErrorCode.EXPORT_FAILED, `Export ${id} failed again: ${message}`, field);
