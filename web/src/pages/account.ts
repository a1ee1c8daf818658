import { ChargePointsDocument, SignInDocument, SignUpDocument, WalletBalanceDocument } from '@stampede/client';
import { api, session } from '../session';
import { h, problem, won } from '../dom';

export function accountPage(root: HTMLElement, onChange: () => void): void {
  const message = h('p', { id: 'account-message' });
  const email = h('input', { name: 'email', type: 'email', placeholder: 'email' });
  const password = h('input', { name: 'password', type: 'password', placeholder: 'password (8+ characters)' });
  const name = h('input', { name: 'name', placeholder: 'name (to sign up)' });
  const done = (token: string | null | undefined) => {
    if (!token) return;
    session.signIn(token);
    message.className = 'ok';
    message.textContent = 'Signed in';
    onChange();
  };
  const signUp = async () => {
    const r = await api.request(SignUpDocument, { input: { email: email.value, password: password.value, name: name.value || email.value } });
    if (r.kind === 'data') return done(r.data.signUp.token);
    message.className = 'error';
    message.textContent = problem(r);
  };
  const signIn = async () => {
    const r = await api.request(SignInDocument, { input: { email: email.value, password: password.value } });
    if (r.kind === 'data') return done(r.data.signIn.token);
    message.className = 'error';
    message.textContent = problem(r);
  };
  root.replaceChildren(
    h('h1', {}, session.signedIn() ? 'Account' : 'Sign up or sign in'),
    h('div', { class: 'card' }, email, h('br'), password, h('br'), name, h('br'),
      h('button', { id: 'sign-up', onclick: signUp }, 'Sign up'), ' ', h('button', { id: 'sign-in', onclick: signIn }, 'Sign in'),
      session.signedIn() ? h('button', { onclick: () => { session.signOut(); onChange(); accountPage(root, onChange); } }, 'Sign out') : null),
    message,
  );
}

export async function walletPage(root: HTMLElement): Promise<void> {
  const balance = h('p', { id: 'balance' }, '…');
  const message = h('p');
  const amount = h('input', { name: 'amount', type: 'number', value: '50000', min: '1' });
  const refresh = async () => {
    const r = await api.request(WalletBalanceDocument, {});
    balance.textContent = r.kind === 'data' ? `Balance: ${won(r.data.wallet.balance)}` : problem(r);
  };
  const charge = async () => {
    const r = await api.request(ChargePointsDocument, { input: { amount: Number(amount.value), idempotencyKey: crypto.randomUUID() } });
    message.className = r.kind === 'data' ? 'ok' : 'error';
    message.textContent = r.kind === 'data' ? `Charged ${won(Number(amount.value))}` : problem(r);
    await refresh();
  };
  root.replaceChildren(h('h1', {}, 'Wallet'), balance, h('div', { class: 'card' }, amount, ' ', h('button', { id: 'charge', onclick: charge }, 'Charge')), message);
  await refresh();
}
