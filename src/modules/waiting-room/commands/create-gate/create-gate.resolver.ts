import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { GateType } from '../../queries/gate.type';
import { waitingRoomOf } from '../../waiting-room.runtime';
import { GatePayload } from '../payloads';
import { CreateGateInput } from './create-gate.input';
import { createGate } from './create-gate.handler';

@Resolver()
export class CreateGateResolver {
  @Authorized('ADMIN')
  @Mutation(() => GatePayload)
  createGate(@Arg('input') input: CreateGateInput, @Ctx() ctx: AppContext): Promise<GatePayload> {
    return runCommand(input, { gate: null }, async () => ({ gate: GateType.from(await createGate(waitingRoomOf(ctx.services), input)) }));
  }
}
