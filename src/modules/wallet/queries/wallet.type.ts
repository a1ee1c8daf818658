import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../../graphql/connection';
import type { TransactionPage, WalletTransactionView, WalletView } from './wallet.queries';

export enum WalletTransactionType {
  CHARGE = 'CHARGE',
  PAYMENT = 'PAYMENT',
  REFUND = 'REFUND',
}
registerEnumType(WalletTransactionType, { name: 'WalletTransactionType' });

@ObjectType('WalletTransaction', { description: 'One ledger entry; the balance is always the sum of the amounts' })
export class WalletTransactionNode {
  @Field(() => ID) id!: string;
  @Field(() => WalletTransactionType) type!: WalletTransactionType;
  @Field(() => Int, { description: 'Change to the balance in KRW: positive for CHARGE and REFUND, negative for PAYMENT' }) amount!: number;
  @Field(() => Int) balanceAfter!: number;
  @Field(() => ID, { nullable: true, description: 'The order paid or refunded' }) orderId!: string | null;
  @Field() createdAt!: Date;

  static from(view: WalletTransactionView): WalletTransactionNode {
    return Object.assign(new WalletTransactionNode(), { ...view, type: view.type as WalletTransactionType, createdAt: new Date(view.createdAt) });
  }
}

export const WalletTransactionConnection = Connection(WalletTransactionNode, 'WalletTransaction');

@ObjectType('Wallet', { description: 'Prepaid points of the signed-in user, read from the write model (exact)' })
export class WalletType {
  /** Whose wallet: not exposed, used to resolve `transactions`. */
  userId!: string;
  /** A page of `transactions` read with the wallet (same statement), for these arguments. */
  prefetched?: { first: number; after: string | null; page: TransactionPage };
  @Field(() => Int, { description: 'KRW; never negative' }) balance!: number;
  @Field(() => Int, { description: 'Rises by one with every change; 0 before the first charge' }) version!: number;

  static from(view: WalletView): WalletType {
    return Object.assign(new WalletType(), { userId: view.userId, balance: view.balance, version: view.version });
  }
}
