import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export enum Role {
  CUSTOMER = 'CUSTOMER',
  ADMIN = 'ADMIN',
  MERCHANT = 'MERCHANT',
  RIDER = 'RIDER',
}

@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'version' | 'createdAt' | 'role';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Stored lower-cased; a unique index makes "email taken" a race-free fact. */
  @Property({ type: 'text', unique: true })
  email!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  passwordHash!: string;

  @Enum({ items: () => Role })
  role: Role = Role.CUSTOMER;

  @Property({ version: true })
  version: number = 1;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
