import { validate, type ValidationError } from 'class-validator';
import { ErrorCode, type UserErrorData } from '../shared/user-error';

/**
 * Checks an input object's class-validator rules before anything touches the database.
 * Every broken rule becomes a BAD_USER_INPUT naming its field, e.g. ["input", "items", "0", "quantity"].
 */
export async function validateInput(input: object, root = 'input'): Promise<UserErrorData[]> {
  const errors = await validate(input, { forbidUnknownValues: false, validationError: { target: false } });
  return flatten(errors, [root]);
}

function flatten(errors: ValidationError[], path: string[]): UserErrorData[] {
  return errors.flatMap((e) => {
    const field = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ code: ErrorCode.BAD_USER_INPUT, message, field }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
