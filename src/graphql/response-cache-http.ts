import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request whose body the front read: `body` as express.json would set it, or why it could not. */
export type ParsedRequest = IncomingMessage & { body?: unknown; [BODY_ERROR]?: unknown };
export const BODY_ERROR = Symbol('response-cache body error');
/** Bodies up to this size are read here; typical queries are well under 1 KB. */
const MAX_READ_BYTES = 16 * 1024;

// CORS headers are the asker's (set per request before this), never the first asker's kept for all.
const HOP_HEADERS = new Set([
  'x-request-id', 'date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding',
  'access-control-allow-origin', 'access-control-expose-headers', 'vary',
]);

/** POST /graphql with a small plain JSON body: worth reading here. Anything else goes to express untouched. */
export function readable(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || (req.url !== '/graphql' && !req.url?.startsWith('/graphql?'))) return false;
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length > MAX_READ_BYTES) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  return charset === undefined || charset === 'charset=utf-8';
}

/** What express.json (strict) makes of a body: {} when empty, objects and arrays only. */
export function parseJsonBody(raw: string): unknown {
  if (raw.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(raw)?.[1];
  if (first !== '{' && first !== '[') throw Object.assign(new SyntaxError('Unexpected token in JSON'), { status: 400, type: 'entity.parse.failed' });
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw Object.assign(err as Error, { status: 400, type: 'entity.parse.failed' });
  }
}

/** Lets Apollo answer, and keeps its bytes when they are a clean 200 with data and no errors. */
export function captureResponse(
  res: ServerResponse, keep: (body: Buffer, headers: Array<[string, string]>) => void, drop: () => void,
): void {
  let finished = false;
  const finish = (f: () => void) => {
    if (finished) return;
    finished = true;
    f();
  };
  const end = res.end;
  res.end = function capturedEnd(this: ServerResponse, ...args: unknown[]) {
    res.end = end;
    const [chunk, encoding] = args;
    try {
      if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const body = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk;
        const parsed = JSON.parse(body.toString('utf8')) as { data?: unknown; errors?: unknown };
        if (parsed && typeof parsed === 'object' && parsed.data && parsed.errors === undefined) {
          const headers = Object.entries(res.getHeaders())
            .filter(([name, value]) => !HOP_HEADERS.has(name) && value !== undefined)
            .map(([name, value]) => [name, String(value)] as [string, string]);
          finish(() => keep(body, headers));
        }
      }
    } catch {
      // not JSON: not ours to keep
    }
    finish(drop);
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  res.once('close', () => finish(drop));
}
