import { Length } from 'class-validator';
import { MAX_KEY_LENGTH } from './idempotency';

/** class-validator rule for every `idempotencyKey` input field: 1 to 100 characters. */
export const IdempotencyKeyRule = () =>
  Length(1, MAX_KEY_LENGTH, { message: `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters` });
