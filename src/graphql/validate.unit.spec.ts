import 'reflect-metadata';
import { ArrayMaxSize, IsInt, Length, Max, Min, ValidateNested } from 'class-validator';
import { validateInput } from './validate';
import { CreateProductInput } from '../modules/catalog/commands/create-product/create-product.input';
import { SignUpInput } from '../modules/identity/commands/sign-up/sign-up.input';

// Nested inputs arrive as class instances (type-graphql builds them), so ValidateNested sees their rules.
class LineInput {
  @IsInt() @Min(1) @Max(10) quantity!: number;
}
class BasketInput {
  @Length(1, 10) note!: string;
  @ArrayMaxSize(2) @ValidateNested({ each: true }) lines!: LineInput[];
}
const line = (quantity: number) => Object.assign(new LineInput(), { quantity });

describe('validateInput', () => {
  it('passes a valid input', async () => {
    const input = Object.assign(new CreateProductInput(), { name: 'Desk', price: 1, stock: 0, description: '', category: 'furniture' });
    await expect(validateInput(input)).resolves.toEqual([]);
  });

  it('names each bad field under "input" with BAD_USER_INPUT', async () => {
    const input = Object.assign(new CreateProductInput(), { name: ' ', price: -5, stock: 1.5, description: '', category: 'x'.repeat(101) });
    const errors = await validateInput(input);
    expect(errors.every((e) => e.code === 'BAD_USER_INPUT')).toBe(true);
    expect(new Set(errors.map((e) => e.field!.join('.')))).toEqual(new Set(['input.name', 'input.price', 'input.stock', 'input.category']));
  });

  it('names nested list items by index', async () => {
    const input = Object.assign(new BasketInput(), { note: 'ok', lines: [line(1), line(0)] });
    expect(await validateInput(input)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '1', 'quantity'] })]);
  });

  it('refuses an oversized list naming the list', async () => {
    const input = Object.assign(new BasketInput(), { note: 'ok', lines: [line(1), line(2), line(3)] });
    expect(await validateInput(input)).toEqual([expect.objectContaining({ field: ['input', 'lines'] })]);
  });

  it('uses the given root and the rule messages', async () => {
    const input = Object.assign(new SignUpInput(), { email: 'nope', password: 'short', name: 'A' });
    const errors = await validateInput(input, 'signUp');
    expect(errors).toEqual(expect.arrayContaining([
      { code: 'BAD_USER_INPUT', message: 'email must be an email address', field: ['signUp', 'email'] },
      expect.objectContaining({ field: ['signUp', 'password'] }),
    ]));
  });
});
