import net from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A client that sends its request slowly must not hold a socket for minutes (before these limits
 * a slow body was held for Node's default 300 s), and an idle kept-alive socket is closed by the
 * server only after the advertised HTTP_KEEP_ALIVE_SECONDS.
 */
jest.setTimeout(30_000);

interface SocketEnd {
  closedAfterMs: number;
  response: string;
}

/** Opens a raw socket, writes `start`, then one byte of `drip` every `everyMs` until the server ends the socket. */
function slowClient(port: number, start: string, drip: string, everyMs: number): Promise<SocketEnd> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    let response = '';
    let sent = 0;
    const socket = net.connect(port, '127.0.0.1', () => socket.write(start));
    const timer = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++]);
    }, everyMs);
    socket.on('data', (d) => (response += d));
    socket.on('error', () => undefined); // a reset after the 408 is still the end we wait for
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - began, response });
    });
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server still held the socket after 20 s (response so far: ${response})`));
    }, 20_000);
  });
}

describe('HTTP socket limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_KEEP_ALIVE_SECONDS: '3' });
  });
  afterAll(() => app?.stop());

  it('a body dripped one byte every 200 ms is cut off with 408 at the request timeout', async () => {
    const body = JSON.stringify({ query: '{ __typename }' }).padEnd(500, ' ');
    const head = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const end = await slowClient(app.port!, head, body, 200);
    expect(end.response).toMatch(/^HTTP\/1\.1 408/);
    expect(end.closedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(end.closedAfterMs).toBeLessThan(5_000);
  });

  it('headers dripped one byte every 200 ms are cut off at the headers timeout', async () => {
    const end = await slowClient(app.port!, 'POST /graphql HTTP/1.1\r\n', 'Host: x\r\nX-Slow: ' + 'a'.repeat(200), 200);
    expect(end.response).toMatch(/^HTTP\/1\.1 408/);
    expect(end.closedAfterMs).toBeLessThan(4_000);
  });

  it('an idle kept-alive socket stays open for the advertised keep-alive, then is closed', async () => {
    const request = 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"query":"{ __typename }"}';
    const end = await slowClient(app.port!, request, '', 1_000);
    expect(end.response).toMatch(/^HTTP\/1\.1 200/);
    expect(end.response).toMatch(/keep-alive: timeout=3/i);
    expect(end.closedAfterMs).toBeGreaterThanOrEqual(2_900);
    expect(end.closedAfterMs).toBeLessThan(6_000);
  });
});
