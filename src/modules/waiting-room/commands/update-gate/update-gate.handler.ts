import { editGate, type Gate } from '../../domain/gate';
import { gateNotFound } from '../../domain/waiting-room-errors';
import { gateUpdated } from '../../events';
import type { GateView, WaitingRoom } from '../../waiting-room';
import type { UpdateGateInput } from './update-gate.input';

const ATTEMPTS = 3;

/**
 * Optimistic on the gate's version; the input carries no expected version (an admin turning a
 * knob means "from now on"), so an edit that lost a race is re-applied on top of the winner.
 * Redis gets the new settings at once, and a pass runs so a raised cap admits at once.
 */
export async function updateGate(room: WaitingRoom, input: UpdateGateInput): Promise<GateView> {
  const { transactions, gates, outbox, clock } = room.deps;
  let saved: Gate | null = null;
  for (let attempt = 1; !saved; attempt++) {
    const now = clock.now();
    saved = await transactions.withTransaction(async (tx) => {
      const current = await gates.load(tx, input.id);
      if (!current) throw gateNotFound();
      const { gate, changed } = editGate(current, { maxActive: input.maxActive ?? undefined, admitPerMinute: input.admitPerMinute ?? undefined, state: input.state ?? undefined }, now);
      if (changed.length === 0) return gate;
      const [written] = await Promise.all([gates.update(tx, current.version, gate), outbox.append(tx, [gateUpdated(gate, changed, now)])]);
      if (!written) {
        if (attempt >= ATTEMPTS) throw new Error(`gate ${input.id} kept changing under the edit`);
        throw new LostRace();
      }
      return gate;
    }).catch((err) => {
      if (err instanceof LostRace) return null;
      throw err;
    });
  }
  await room.publishGate(saved).catch(() => undefined); // else the admitter's next read of the gates (≤ 1 s)
  await room.tick(saved.id).catch(() => undefined);
  return (await room.gateView(saved.id))!;
}

class LostRace extends Error {}
