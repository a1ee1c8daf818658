import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../../graphql/user-error.type';
import { ProductType } from '../queries/product.type';

@ObjectType()
export class ProductPayload {
  @Field(() => ProductType, { nullable: true }) product!: ProductType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
