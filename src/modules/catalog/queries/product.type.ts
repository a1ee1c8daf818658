import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ProductRead } from '../../../../projections/product';
import { Connection } from '../../../graphql/connection';
import type { ProductWithStock } from '../commands/create-product/create-product.handler';

@ObjectType('Product', { description: 'A product as shoppers see it, from the product read model' })
export class ProductType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() category!: string;
  @Field(() => Int, { description: 'Price in KRW' }) price!: number;
  @Field(() => Int, { description: 'Units available to buy now' }) stock!: number;
  @Field(() => Int, { description: 'Pass as expectedVersion to updateProduct' }) version!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;

  static from(read: ProductRead): ProductType {
    return Object.assign(new ProductType(), {
      id: read.id, name: read.name, description: read.description, category: read.category,
      price: read.price, stock: read.stock, version: read.version,
      createdAt: new Date(read.createdAt), updatedAt: new Date(read.updatedAt),
    });
  }

  /** What a mutation answers: the write model as just committed (the read model may lag). */
  static fromWriteModel({ product, stock }: ProductWithStock): ProductType {
    return Object.assign(new ProductType(), {
      id: product.id, name: product.name, description: product.description, category: product.category,
      price: product.price, stock: stock.available, version: product.version, createdAt: product.createdAt, updatedAt: product.updatedAt,
    });
  }
}

export const ProductConnection = Connection(ProductType, 'Product');
