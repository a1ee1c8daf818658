export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __services__?: { stop(): Promise<void> } }).__services__;
  await services?.stop();
  await (globalThis as { __platform__?: { stop(): Promise<void> } }).__platform__?.stop();
}
