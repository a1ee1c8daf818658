import pino, { type Logger } from 'pino';

/**
 * JSON lines by default (for log shippers); `pretty` (LOG_FORMAT=pretty, what `npm run dev`
 * sets) for a person at a terminal, through pino-pretty in pino's worker thread.
 */
export function createLogger(level: string, format: 'json' | 'pretty' = 'json'): Logger {
  const options = { level, base: { service: 'stampede', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options);
  return pino(options, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } }));
}
