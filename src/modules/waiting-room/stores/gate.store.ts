import type { Tx } from '../../../shared/tx';
import type { Gate } from '../domain/gate';

/** The Gate aggregate (`waiting_room_gates`): admin edits are optimistic (`WHERE version = expected`). */
export interface GateStore {
  /** False when the resource already has a gate (nothing written). */
  insert(tx: Tx, gate: Gate): Promise<boolean>;
  load(tx: Tx, id: string): Promise<Gate | null>;
  /** Writes an edit made on top of `fromVersion`; false when another edit came first. */
  update(tx: Tx, fromVersion: number, gate: Gate): Promise<boolean>;
  /** The gate in front of a performance or product. */
  ofResource(tx: Tx, resource: { performanceId?: string; productId?: string }): Promise<Gate | null>;
  /** Every gate, for the admitter (a handful of rows). */
  all(tx: Tx): Promise<Gate[]>;
}

const COLUMNS = `id, performance_id as "performanceId", product_id as "productId", state, fairness,
  max_active as "maxActive", admit_per_minute as "admitPerMinute", active_ttl_seconds as "activeTtlSeconds",
  heartbeat_grace_seconds as "heartbeatGraceSeconds", prequeue_opens_at as "prequeueOpensAt", opens_at as "opensAt",
  version, created_at as "createdAt", updated_at as "updatedAt"`;

export const pgGates: GateStore = {
  async insert(tx, g) {
    const rows = await tx.query(
      `insert into waiting_room_gates (id, performance_id, product_id, state, fairness, max_active, admit_per_minute,
         active_ttl_seconds, heartbeat_grace_seconds, prequeue_opens_at, opens_at, version, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       on conflict do nothing returning 1`,
      [g.id, g.performanceId, g.productId, g.state, g.fairness, g.maxActive, g.admitPerMinute, g.activeTtlSeconds,
        g.heartbeatGraceSeconds, g.prequeueOpensAt, g.opensAt, g.version, g.createdAt, g.updatedAt],
    );
    return rows.length === 1;
  },

  async load(tx, id) {
    const rows = await tx.query<Gate>(`select ${COLUMNS} from waiting_room_gates where id = $1`, [id]);
    return rows[0] ?? null;
  },

  async update(tx, fromVersion, g) {
    const rows = await tx.query(
      `update waiting_room_gates set state = $2, max_active = $3, admit_per_minute = $4, version = $5, updated_at = $6
       where id = $1 and version = $7 returning 1`,
      [g.id, g.state, g.maxActive, g.admitPerMinute, g.version, g.updatedAt, fromVersion],
    );
    return rows.length === 1;
  },

  async ofResource(tx, resource) {
    const [column, value] = resource.performanceId ? ['performance_id', resource.performanceId] : ['product_id', resource.productId];
    if (!value) return null;
    const rows = await tx.query<Gate>(`select ${COLUMNS} from waiting_room_gates where ${column} = $1`, [value]);
    return rows[0] ?? null;
  },

  all(tx) {
    return tx.query<Gate>(`select ${COLUMNS} from waiting_room_gates order by id`);
  },
};
