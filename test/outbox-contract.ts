import { Client } from 'pg';
import { subjectOf, type DomainEvent } from '../src/shared/event';
import { EventSchemas } from '../src/shared/event-schema';

/**
 * The event contract, checked over everything the test run wrote: every row of the `outbox`
 * table must parse as a DomainEvent of its declared type and schemaVersion (the envelope, the
 * aggregate type, and exactly the data fields that type's schema names), under the subject the
 * relay derives from it. An event type no module declares fails, so a new event cannot slip
 * past without its schema. Runs from the global teardown, after the last test file.
 */
export interface ContractReport {
  rows: number;
  problems: string[];
}

export async function checkOutboxContract(databaseUrl: string, schemas: EventSchemas): Promise<ContractReport> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: [table] } = await db.query<{ exists: boolean }>("select to_regclass('public.outbox') is not null as exists");
    if (!table.exists) return { rows: 0, problems: [] }; // no test started an app: nothing was written
    const { rows } = await db.query<{ id: string; subject: string; event: unknown }>('select id, subject, event from outbox order by seq');
    const problems: string[] = [];
    for (const row of rows) {
      const found = schemas.problems(row.event);
      const event = row.event as Partial<DomainEvent>;
      if (event && typeof event === 'object') {
        if (event.id !== row.id) found.push(`row id ${row.id} is not the event's id ${String(event.id)}`);
        if (typeof event.type === 'string' && typeof event.aggregateType === 'string' && row.subject !== subjectOf(event as DomainEvent)) {
          found.push(`subject ${row.subject} is not ${subjectOf(event as DomainEvent)}`);
        }
      }
      const what = typeof event?.type === 'string' ? `${event.type} v${String(event.schemaVersion)}` : 'row';
      for (const problem of found) problems.push(`${what} ${row.id} (${row.subject}): ${problem}`);
    }
    return { rows: rows.length, problems };
  } finally {
    await db.end();
  }
}

/** Throws with the first problems and a count per event type; quiet when every row holds. */
export function assertContract(report: ContractReport, shown = 25): void {
  if (report.problems.length === 0) return;
  const byType = new Map<string, number>();
  for (const problem of report.problems) {
    const type = problem.split(' ')[0];
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  const counts = [...byType].map(([type, n]) => `${type}: ${n}`).join(', ');
  throw new Error(
    `outbox contract: ${report.problems.length} problem(s) in ${report.rows} outbox rows (${counts})\n`
    + report.problems.slice(0, shown).map((p) => `  - ${p}`).join('\n')
    + (report.problems.length > shown ? `\n  … and ${report.problems.length - shown} more` : ''),
  );
}
