import { newId } from '../../../../shared/ids';
import { UserFacingError } from '../../../../shared/user-error';
import { newGate } from '../../domain/gate';
import { gateExists } from '../../domain/waiting-room-errors';
import { gateCreated } from '../../events';
import type { GateView, WaitingRoom } from '../../waiting-room';
import type { CreateGateInput } from './create-gate.input';

export async function createGate(room: WaitingRoom, input: CreateGateInput): Promise<GateView> {
  const { transactions, gates, outbox, clock } = room.deps;
  const now = clock.now();
  const gate = newGate(newId(now.getTime()), input, now);
  if (Array.isArray(gate)) throw new UserFacingError(gate);
  await transactions.withTransaction(async (tx) => {
    const [inserted] = await Promise.all([gates.insert(tx, gate), outbox.append(tx, [gateCreated(gate, now)])]);
    if (!inserted) throw gateExists(gate.performanceId ? 'performanceId' : 'productId'); // rolls the event back too
  });
  // Best effort: the admitter loads every gate into Redis within a second anyway.
  await room.publishGate(gate).catch(() => undefined);
  return (await room.gateView(gate.id))!;
}
