import { Arg, Ctx, Field, Float, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../../graphql/context';
import { badInput, Connection, decodeCursor, pageSize, toConnection } from '../../../graphql/connection';
import { isId } from '../../../shared/ids';
import { StoreQueries, type StoreRead } from '../../../../projections/store';
import { StoreType } from './delivery.types';

@InputType('NearInput')
class NearInput {
  @Field(() => Float) lat!: number;
  @Field(() => Float) lng!: number;
}

const StoreConnection = Connection(StoreType, 'Store');
@ObjectType('StoreConnection')
class StoreConnectionType extends StoreConnection {}

export const MAX_RADIUS_KM = 50;
const toStore = (now: Date) => (s: StoreRead) => StoreType.from(s, s.menu, now, s.distanceKm ?? null);

/** Public store reads, from the store read model (Redis, then store_read / menu_item_read). */
@Resolver()
export class StoreQueryResolver {
  @Query(() => StoreConnectionType, { description: `Stores within radiusKm (0.1 to ${MAX_RADIUS_KM}, default 5) of a point, nearest first` })
  async stores(
    @Arg('near', () => NearInput) near: NearInput,
    @Arg('radiusKm', () => Float, { defaultValue: 5 }) radiusKm: number,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AppContext,
  ) {
    if (!(near.lat >= -90 && near.lat <= 90)) throw badInput('near.lat must be between -90 and 90', 'near');
    if (!(near.lng >= -180 && near.lng <= 180)) throw badInput('near.lng must be between -180 and 180', 'near');
    if (!(radiusKm >= 0.1 && radiusKm <= MAX_RADIUS_KM)) throw badInput(`radiusKm must be between 0.1 and ${MAX_RADIUS_KM}`, 'radiusKm');
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    const page = await new StoreQueries(ctx.services.pool, ctx.services.cache).near({ lat: near.lat, lng: near.lng, radiusKm, first: size, after: cursor });
    return toConnection(page.stores, page.hasNextPage, page.totalCount, cursor, toStore(ctx.services.clock.now()));
  }

  @Query(() => StoreType, { nullable: true })
  async store(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<StoreType | null> {
    if (!isId(id)) return null;
    const store = await new StoreQueries(ctx.services.pool, ctx.services.cache).byId(id.toLowerCase());
    return store ? toStore(ctx.services.clock.now())(store) : null;
  }
}
