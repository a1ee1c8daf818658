import type { QueueTicketView, WaitingRoom } from '../../waiting-room';
import type { LeaveQueueInput } from './leave-queue.input';

/** Gives the place (or the admission) up at once; the next ticket is admitted into a freed slot at once. */
export function leaveQueue(room: WaitingRoom, userId: string, input: LeaveQueueInput): Promise<QueueTicketView> {
  return room.leave(input.token, userId);
}
