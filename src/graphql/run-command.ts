import { UserFacingError, type UserErrorData } from '../shared/user-error';
import { validateInput } from './validate';

type Payload = { userErrors: UserErrorData[] };

/**
 * The shape every mutation resolver shares: validate the input, run the handler, and turn an
 * expected failure (UserFacingError, thrown to roll the transaction back) into userErrors.
 */
export async function runCommand<P extends Payload>(
  input: object,
  empty: Omit<P, 'userErrors'>,
  run: () => Promise<Omit<P, 'userErrors'>>,
): Promise<P> {
  const invalid = await validateInput(input);
  if (invalid.length > 0) return { ...empty, userErrors: invalid } as P;
  try {
    return { ...(await run()), userErrors: [] } as unknown as P;
  } catch (err) {
    if (err instanceof UserFacingError) return { ...empty, userErrors: err.errors } as P;
    throw err;
  }
}
