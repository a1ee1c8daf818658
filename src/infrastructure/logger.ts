import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'stampede', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
