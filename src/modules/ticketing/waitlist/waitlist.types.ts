import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import type { WaitlistEntry, WaitlistStatus } from './waitlist.store';

export enum WaitlistStatusEnum { WAITING = 'WAITING', OFFERED = 'OFFERED', FULFILLED = 'FULFILLED', LAPSED = 'LAPSED' }
registerEnumType(WaitlistStatusEnum, {
  name: 'WaitlistStatus',
  description: 'WAITING in line; OFFERED a HELD reservation (pay it before it expires); FULFILLED (paid) or LAPSED (the offer ran out)',
});

@ObjectType('WaitlistEntry')
export class WaitlistEntryType {
  @Field(() => ID) id!: string;
  @Field(() => ID) performanceId!: string;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true }) grade!: string | null;
  @Field(() => WaitlistStatusEnum) status!: WaitlistStatus;
  @Field(() => Int, { nullable: true, description: '1 = next to be offered seats; null unless WAITING' }) position!: number | null;
  @Field(() => ID, { nullable: true, description: 'The HELD reservation made for you once OFFERED (also in myReservations)' }) reservationId!: string | null;
  @Field() createdAt!: Date;

  static from(e: WaitlistEntry): WaitlistEntryType {
    return Object.assign(new WaitlistEntryType(), { ...e, createdAt: new Date(e.createdAt) });
  }
}

@ObjectType() export class WaitlistPayload {
  @Field(() => WaitlistEntryType, { nullable: true }) entry!: WaitlistEntryType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
