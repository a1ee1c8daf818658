export enum Role {
  CUSTOMER = 'CUSTOMER',
  ADMIN = 'ADMIN',
  MERCHANT = 'MERCHANT',
  RIDER = 'RIDER',
}

/** An account. The email is stored lower-cased; a unique index makes "email taken" a race-free fact. */
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  version: number;
  createdAt: Date;
}
