import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Names of the operations in schema/operations (the typed client's documents): the only names
 * /metrics labels. Names come from clients; first-come labels let 200 junk names push every real
 * operation into "other". Read once, from the working directory as the schema file is.
 */
let known: ReadonlySet<string> | undefined;

export function knownOperationNames(dir = path.join(process.cwd(), 'schema', 'operations')): ReadonlySet<string> {
  if (known) return known;
  const names = new Set<string>();
  try {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)) names.add(m[1]);
    }
  } catch {
    // No operations shipped: every named operation is 'other'.
  }
  known = names;
  return known;
}
