import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { GateType } from '../../queries/gate.type';
import { waitingRoomOf } from '../../waiting-room.runtime';
import { GatePayload } from '../payloads';
import { UpdateGateInput } from './update-gate.input';
import { updateGate } from './update-gate.handler';

@Resolver()
export class UpdateGateResolver {
  @Authorized('ADMIN')
  @Mutation(() => GatePayload)
  updateGate(@Arg('input') input: UpdateGateInput, @Ctx() ctx: AppContext): Promise<GatePayload> {
    return runCommand(input, { gate: null }, async () => ({ gate: GateType.from(await updateGate(waitingRoomOf(ctx.services), input)) }));
  }
}
