import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { badInput } from '../../../graphql/connection';
import { listFailedExports } from '../failed-exports.store';
import { FailedExportType } from './failed-export.type';

const MAX_LIST = 500;

@Resolver()
export class FailedExportsResolver {
  @Authorized('ADMIN')
  @Query(() => [FailedExportType], { description: 'Parked data-platform exports, newest first (ADMIN)' })
  async failedExports(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { defaultValue: 100, description: `At most ${MAX_LIST}` }) first: number,
    @Arg('includeResent', { defaultValue: false, description: 'Also list the ones delivered since' }) includeResent: boolean,
  ): Promise<FailedExportType[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LIST) throw badInput(`"first" must be between 1 and ${MAX_LIST}`, 'first');
    return (await listFailedExports(ctx.services.pool, first, includeResent)).map(FailedExportType.from);
  }
}
