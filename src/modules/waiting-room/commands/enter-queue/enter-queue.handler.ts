import type { QueueTicketView, WaitingRoom } from '../../waiting-room';
import type { EnterQueueInput } from './enter-queue.input';

/**
 * One ticket per user per gate: entering again (or five times at once) answers the same
 * ticket — the Lua script decides atomically. A new ticket is answered once Postgres has it.
 */
export function enterQueue(room: WaitingRoom, userId: string, input: EnterQueueInput): Promise<QueueTicketView> {
  return room.enter(input.gateId, userId);
}
