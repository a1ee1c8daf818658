import type { Clock } from '../../shared/clock';
import type { Transactions } from '../../shared/tx';
import type { WriteDeps } from '../../shared/write-deps';
import { pgUsers, type UserStore } from './stores/user.store';

/** The ports identity's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface IdentityDeps {
  transactions: Transactions;
  clock: Clock;
  users: UserStore;
}

export const identityDeps = (write: WriteDeps): IdentityDeps => ({ transactions: write.transactions, clock: write.clock, users: pgUsers });
