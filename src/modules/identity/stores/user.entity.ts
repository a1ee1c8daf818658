import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Role } from '../domain/user';

/** The `users` table as MikroORM knows it (schema metadata); reads and writes go through user.store.ts. */
@Entity({ tableName: 'users' })
export class UserEntity {
  [OptionalProps]?: 'version' | 'createdAt' | 'role';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text', unique: true }) email!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) passwordHash!: string;
  @Enum({ items: () => Role }) role: Role = Role.CUSTOMER;
  @Property({ version: true }) version: number = 1;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}
