/** The product read model (product_read) as the rest of the codebase may use it. */
export { ProductProjection, type ProductChanges } from './product.projector';
export { ProductQueries, type ProductPage } from './product.query';
export { PRODUCT_COLUMNS, toProductRead, type ProductRead } from './product.read';
export { PRODUCT_READ_MODEL, PRODUCTS_GENERATION_KEY } from './product.cache';
