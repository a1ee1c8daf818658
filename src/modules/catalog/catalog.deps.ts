import type { WriteDeps } from '../../shared/write-deps';
import { pgProducts, type ProductStore } from './stores/product.store';
import { pgStock, type StockStore } from './stores/stock.store';

/** The ports catalog's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface CatalogDeps extends WriteDeps {
  products: ProductStore;
  stock: StockStore;
}

export const catalogDeps = (write: WriteDeps): CatalogDeps => ({ ...write, products: pgProducts, stock: pgStock });
