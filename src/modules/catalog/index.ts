/** What the catalog module offers the rest of the codebase. */
export { pgProducts, type ProductStore, type PriceEntry } from './stores/product.store';
export { pgStock, type StockStore, type StockChange } from './stores/stock.store';
export { stockChanged, type StockChanged, type CatalogEvent } from './events';
export { MAX_STOCK, type StockLevel } from './domain/product';
