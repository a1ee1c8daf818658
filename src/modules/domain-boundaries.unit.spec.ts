import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** DESIGN rule 3: domain code imports no framework (GraphQL, messaging, cache, HTTP). */
const FORBIDDEN = /from '(type-graphql|graphql|ioredis|express|ws|graphql-ws|@nats-io\/[^']+|@apollo\/[^']+)'/;

function domainFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return domainFiles(full);
    return full.includes(`${path.sep}domain${path.sep}`) && full.endsWith('.ts') && !full.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('domain boundaries', () => {
  const files = domainFiles(path.join(process.cwd(), 'src', 'modules'));

  it('finds the domain folders', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [path.relative(process.cwd(), f)]))('%s imports no framework', (file) => {
    const offending = readFileSync(file, 'utf8').split('\n').filter((line) => FORBIDDEN.test(line));
    expect(offending).toEqual([]);
  });
});
