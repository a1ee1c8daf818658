import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { waitingRoomOf } from '../waiting-room.runtime';
import { GateType } from './gate.type';

@Resolver()
export class GateQueryResolver {
  @Authorized('ADMIN')
  @Query(() => GateType, { nullable: true, description: 'A gate with its live counts (from Redis; from Postgres while Redis is away)' })
  async gate(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<GateType | null> {
    const view = await waitingRoomOf(ctx.services).gateView(id);
    return view ? GateType.from(view) : null;
  }
}
