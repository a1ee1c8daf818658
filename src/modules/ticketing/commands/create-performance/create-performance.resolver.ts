import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { runCommand } from '../../../../graphql/run-command';
import { PerformancePayload, PerformanceType } from '../../queries/ticketing.types';
import { ticketingDepsOf } from '../../ticketing.deps';
import { CreatePerformanceInput } from './create-performance.input';
import { createPerformance } from './create-performance.handler';

@Resolver()
export class CreatePerformanceResolver {
  @Authorized('ADMIN')
  @Mutation(() => PerformancePayload, { description: 'A date of an event with its numbered seats (admin)' })
  createPerformance(@Arg('input') input: CreatePerformanceInput, @Ctx() ctx: AppContext): Promise<PerformancePayload> {
    return runCommand(input, { performance: null }, async () => ({
      performance: PerformanceType.from(await createPerformance(ticketingDepsOf(ctx.services), input)),
    }));
  }
}
