import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLISHED_SECRETS } from './config-published-secrets';

/** Values that look like secrets but are not used as one. */
const NOT_SECRETS = new Set(['not-a-password-hash', 'published-default-secrets']);

// A value given to a secret setting, or a literal that says it is a secret or a password.
const ASSIGNED = /(?:JWT_SECRET|ADMIN_PASSWORD|[A-Z_]*TOKEN_SECRET|METRICS_TOKEN|jwtSecret|adminPassword|tokenSecret|ADMIN\b[^\n]{0,60}password)\s*(?::-|\?\?|\|\||[:=])\s*['"`]?([A-Za-z0-9_-]{8,})['"`]?/g;
const NAMED = /['"`]([A-Za-z0-9_-]*(?:secret|password)[A-Za-z0-9_-]*)['"`]/gi;

/** The repository's own text files (what a clone has), without dependencies, builds or generated code. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'generated', '.git', 'results'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|cjs|mjs|sh|ya?ml|md|env|graphql)$|^Dockerfile$|^run$/.test(entry.name) ? [full] : [];
  });
}

describe('published secrets', () => {
  it('every secret-looking value in the repository is on the list production refuses', () => {
    const files = sourceFiles(process.cwd());
    const found = new Map<string, string>();
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      for (const re of [ASSIGNED, NAMED]) {
        for (const m of text.matchAll(re)) {
          const value = m[1];
          if (value.length >= 10 && value.includes('-') && !NOT_SECRETS.has(value)) found.set(value, file);
        }
      }
    }
    const missing = [...found].filter(([value]) => !PUBLISHED_SECRETS.has(value)).map(([value, file]) => `${value} (${file})`);
    expect(missing).toEqual([]);
    expect(found.size).toBeGreaterThan(5); // the scan sees the known ones
  });
});
