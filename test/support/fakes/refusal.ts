import { UserFacingError, type UserErrorData } from '../../../src/shared/user-error';

/** The user errors a handler answered with; fails the spec if it answered or threw anything else. */
export async function refusal(answer: Promise<unknown>): Promise<UserErrorData[]> {
  const error = await answer.then(
    (value) => {
      throw new Error(`expected a refusal, got an answer: ${JSON.stringify(value)?.slice(0, 200)}`);
    },
    (err: unknown) => err,
  );
  if (!(error instanceof UserFacingError)) throw error;
  return error.errors;
}
