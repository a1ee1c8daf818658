import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infrastructure/logger';
import { StartupError } from './infrastructure/connect';
import { startApp } from './app';

const GRACE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, config.logFormat);
  const app = await startApp(config, log);
  if (app.port !== undefined) {
    log.info(`stampede ready: GraphQL${config.landingPage === 'off' ? '' : ` and ${config.landingPage === 'sandbox' ? 'Apollo Sandbox' : 'GraphiQL'}`} at http://localhost:${app.port}/graphql (roles: ${config.roles.join(',')})`);
  } else {
    log.info(`stampede running roles: ${config.roles.join(',')}`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('grace period over, exiting');
      process.exit(1);
    }, GRACE_MS).unref();
    app.stop().then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StartupError) {
    console.error(`stampede cannot start: ${err.message}`);
  } else {
    console.error('stampede cannot start:', err);
  }
  process.exit(1);
});
