import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role, type User } from '../domain/user';
import { UserError } from '../../../graphql/user-error.type';

registerEnumType(Role, { name: 'Role', description: 'MERCHANT and RIDER are reserved for the delivery flow' });

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;

  static from(user: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserType {
    return Object.assign(new UserType(), { id: user.id, email: user.email, name: user.name, role: user.role });
  }
}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { nullable: true, description: 'Send as Authorization: Bearer <token>' }) token!: string | null;
  @Field(() => UserType, { nullable: true }) user!: UserType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
