import type { StampedeModule } from './module';
import { module as identity } from './identity';
import { module as catalog } from './catalog';
import { module as wallet } from './wallet';
import { module as coupons } from './coupons';
import { module as ordering } from './ordering';
import { module as ranking } from './ranking';
import { module as dataExport } from './data-export';
import { module as waitingRoom } from './waiting-room';
import { module as ticketing } from './ticketing';
import { module as delivery } from './delivery';

/**
 * Every bounded context of the app. The schema, the ORM config and migrations, the projection
 * registry, the response cache, the error codes, the event contract and each process role map
 * over this list: adding a module is its folder and one line here.
 */
export const modules: readonly StampedeModule[] = [
  identity,
  catalog,
  wallet,
  coupons,
  ordering,
  ranking,
  dataExport,
  waitingRoom,
  ticketing,
  delivery,
];
