import { print } from 'graphql';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { MeDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../support/test-app';
import { signUpCustomer } from '../support/actors';

interface Answer {
  data?: { me: { id: string } | null } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** `me` over graphql-ws (queries run there too) with these connection params: the answer, or the close code. */
function meOverWs(app: TestApp, connectionParams: Record<string, unknown>): Promise<Answer | { closed: number }> {
  const client = createClient({ url: app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
  return new Promise<Answer | { closed: number }>((resolve) => {
    let answer: Answer | undefined;
    client.subscribe({ query: print(MeDocument) }, {
      next: (result) => (answer = result as Answer),
      error: (err) => resolve({ closed: (err as { code?: number }).code ?? -1 }),
      complete: () => resolve(answer!),
    });
  }).finally(() => client.dispose());
}

const strip = (a: Answer) => ({ data: a.data, errors: a.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) });

describe('graphql-ws authentication speaks as HTTP does', () => {
  let app: TestApp;
  let shopper: { token: string; id: string };
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
    shopper = await signUpCustomer(app);
  });
  afterAll(() => app.stop());

  it.each([
    ['authorization', (t: string) => ({ authorization: `Bearer ${t}` })],
    ['Authorization (as copied from HTTP headers)', (t: string) => ({ Authorization: `Bearer ${t}` })],
    ['token (bare)', (t: string) => ({ token: t })],
    ['token (with Bearer)', (t: string) => ({ token: `Bearer ${t}` })],
  ])('the token is read from %s', async (_how, params) => {
    const answer = (await meOverWs(app, params(shopper.token))) as Answer;
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.me?.id).toBe(shopper.id);
  });

  it('no token: the same UNAUTHENTICATED "Sign in first" as HTTP', async () => {
    const http = await app.gql(MeDocument, {});
    const ws = (await meOverWs(app, {})) as Answer;
    expect(strip(ws)).toEqual(strip(http as Answer));
    expect(ws.errors?.[0]).toMatchObject({ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('a bad token: the same UNAUTHENTICATED "Your token is invalid or expired" as HTTP', async () => {
    const bad = `${shopper.token}x`;
    const http = await app.gql(MeDocument, {}, bad);
    for (const params of [{ Authorization: `Bearer ${bad}` }, { token: bad }, { authorization: 'Basic abc' }]) {
      const ws = (await meOverWs(app, params)) as Answer;
      expect(strip(ws)).toEqual(strip(http as Answer));
      expect(ws.errors?.[0]).toMatchObject({ message: 'Your token is invalid or expired', extensions: { code: 'UNAUTHENTICATED' } });
    }
  });
});
