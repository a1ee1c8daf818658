import { Length, Matches } from 'class-validator';

/** Validation shared by createProduct and updateProduct, so the two cannot drift apart. */
export const MAX_PRICE = 100_000_000;
export const NameRule = () => Length(1, 200);
export const DescriptionRule = () => Length(0, 5_000);
export const CategoryRule = () => Length(1, 100);
export const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
