import { randomUUID } from 'node:crypto';
import { SignInDocument, SignUpDocument, CreateProductDocument } from '../generated/graphql';
import { ADMIN, type TestApp } from './test-app';

export async function adminToken(app: TestApp): Promise<string> {
  const { signIn } = await app.ok(SignInDocument, { input: ADMIN });
  if (!signIn.token) throw new Error(`admin sign-in failed: ${JSON.stringify(signIn.userErrors)}`);
  return signIn.token;
}

export async function signUpCustomer(app: TestApp, name = 'Shopper'): Promise<{ token: string; id: string; email: string }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.test`;
  const { signUp } = await app.ok(SignUpDocument, { input: { email, password: 'correct horse battery', name } });
  if (!signUp.token || !signUp.user) throw new Error(`sign-up failed: ${JSON.stringify(signUp.userErrors)}`);
  return { token: signUp.token, id: signUp.user.id, email };
}

export async function createProduct(
  app: TestApp, token: string, input: Partial<{ name: string; price: number; stock: number; category: string; description: string }> = {},
) {
  const { createProduct } = await app.ok(CreateProductDocument, {
    input: { name: 'Keyboard', price: 25_000, stock: 10, category: `cat-${randomUUID()}`, description: 'clacky', ...input },
  }, token);
  if (!createProduct.product) throw new Error(`createProduct failed: ${JSON.stringify(createProduct.userErrors)}`);
  return createProduct.product;
}
