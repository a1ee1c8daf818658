import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { AppContext } from '../../../../graphql/context';
import { UserError } from '../../../../graphql/user-error.type';
import { validateInput } from '../../../../graphql/validate';
import { pgFailedExports } from '../../failed-exports.store';
import { FailedExportType } from '../../queries/failed-export.type';
import { RetryFailedExportsInput } from './retry-failed-exports.input';
import { retryFailedExports } from './retry-failed-exports.handler';

@ObjectType()
export class RetryFailedExportsPayload {
  @Field(() => [FailedExportType], { description: 'Delivered now (or already delivered before)' }) resent!: FailedExportType[];
  @Field(() => [FailedExportType], { description: 'Tried again and failed again; still parked' }) stillFailing!: FailedExportType[];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@Resolver()
export class RetryFailedExportsResolver {
  @Authorized('ADMIN')
  @Mutation(() => RetryFailedExportsPayload, { description: 'Resend parked data-platform exports now (ADMIN)' })
  async retryFailedExports(@Arg('input') input: RetryFailedExportsInput, @Ctx() ctx: AppContext): Promise<RetryFailedExportsPayload> {
    const invalid = await validateInput(input);
    if (invalid.length > 0) return { resent: [], stillFailing: [], userErrors: invalid };
    const { config, pool, clock, modules } = ctx.services;
    const deps = { failedExports: pgFailedExports(pool), platform: modules['data-export'].platform, clock };
    const result = await retryFailedExports(deps, input, 2 * config.dataPlatformTimeoutMs + 5_000);
    return { resent: result.resent.map(FailedExportType.from), stillFailing: result.stillFailing.map(FailedExportType.from), userErrors: result.userErrors };
  }
}
