import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { GateView } from '../waiting-room';
import { FairnessEnum, GateStateEnum } from './waiting-room-enums';

@ObjectType('Gate', { description: 'A waiting room in front of one performance or product' })
export class GateType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) performanceId!: string | null;
  @Field(() => ID, { nullable: true }) productId!: string | null;
  @Field(() => GateStateEnum) state!: GateStateEnum;
  @Field(() => FairnessEnum) fairness!: FairnessEnum;
  @Field(() => Int, { description: 'Hard cap: never more ACTIVE tickets than this' }) maxActive!: number;
  @Field(() => Int, { description: 'Hard cap: no rolling minute admits more; admissions are paced through the minute' }) admitPerMinute!: number;
  @Field(() => Int) activeTtlSeconds!: number;
  @Field(() => Int) heartbeatGraceSeconds!: number;
  @Field(() => Date, { nullable: true }) prequeueOpensAt!: Date | null;
  @Field(() => Date, { nullable: true }) opensAt!: Date | null;
  @Field(() => Int) version!: number;
  @Field(() => Int, { description: 'Tickets WAITING now' }) waiting!: number;
  @Field(() => Int, { description: 'Tickets ACTIVE now' }) active!: number;
  @Field(() => Int, { description: 'Admissions in the last 60 seconds' }) admittedLastMinute!: number;
  @Field(() => Int, { nullable: true, description: 'Wait of someone joining now, at the measured admission rate; null until something was admitted in the last minute' })
  estimatedWaitSeconds!: number | null;

  static from(view: GateView): GateType {
    const { gate } = view;
    return Object.assign(new GateType(), {
      id: gate.id, performanceId: gate.performanceId, productId: gate.productId,
      state: gate.state as GateStateEnum, fairness: gate.fairness as FairnessEnum,
      maxActive: gate.maxActive, admitPerMinute: gate.admitPerMinute, activeTtlSeconds: gate.activeTtlSeconds,
      heartbeatGraceSeconds: gate.heartbeatGraceSeconds, prequeueOpensAt: gate.prequeueOpensAt, opensAt: gate.opensAt,
      version: gate.version, waiting: view.waiting, active: view.active, admittedLastMinute: view.admittedLastMinute,
      estimatedWaitSeconds: view.estimatedWaitSeconds,
    });
  }
}
