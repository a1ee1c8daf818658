import { registerEnumType } from 'type-graphql';
import { ErrorCode as SharedErrorCode } from '../shared/user-error';

/**
 * The GraphQL `ErrorCode` enum: the shared codes and every module's, merged. type-graphql knows an
 * enum by the object registered with registerEnumType and reads that object when it builds a
 * schema, so UserError.code points at this one object and `registerErrorCodes` fills it in once,
 * before the first schema is built (graphql/schema.ts does, from the module list).
 */
export const ErrorCodeEnum: Record<string, string> = {};
let registered: string | undefined;

/** Codes of several sources into one set; a key must name itself, and two sources may share a code. */
export function mergeErrorCodes(sources: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const merged: Record<string, string> = { ...SharedErrorCode };
  for (const codes of sources) {
    for (const [key, value] of Object.entries(codes)) {
      if (key !== value) throw new Error(`error code ${key} must have the value '${key}', not '${value}'`);
      merged[key] = value;
    }
  }
  return merged;
}

export function registerErrorCodes(codes: Readonly<Record<string, string>>): void {
  const names = Object.keys(codes).sort().join(',');
  if (registered !== undefined) {
    if (registered !== names) throw new Error('ErrorCode is registered already with other codes; one process has one module list');
    return;
  }
  Object.assign(ErrorCodeEnum, codes);
  registerEnumType(ErrorCodeEnum, { name: 'ErrorCode', description: 'Why a mutation did not do what was asked' });
  registered = names;
}
