import type { StampedeModule } from '../module';
import { Admitter } from './admitter.worker';
import { CreateGateResolver } from './commands/create-gate/create-gate.resolver';
import { EnterQueueResolver } from './commands/enter-queue/enter-queue.resolver';
import { LeaveQueueResolver } from './commands/leave-queue/leave-queue.resolver';
import { UpdateGateResolver } from './commands/update-gate/update-gate.resolver';
import { WaitingRoomErrorCode } from './domain/waiting-room-errors';
import { waitingRoomEventSchemas } from './events';
import { QueueTicketChangedResolver } from './live/queue-ticket-changed.resolver';
import { Migration0100WaitingRoom } from './migrations/0100-waiting-room';
import { GateQueryResolver } from './queries/gate.resolver';
import { QueueTicketQueryResolver } from './queries/queue-ticket.resolver';
import { waitingRoomServices } from './waiting-room.runtime';

/** What the waiting room offers the rest of the codebase. */
export { gatesOf, requireAdmission, type QueueAdmission, type AdmissionCheck, type GatedResource } from './queue-admission';
export { createQueueAdmission, queueAdmissionIn, waitingRoomOf, waitingRoomServices, type WaitingRoomServices } from './waiting-room.runtime';
export { WaitingRoomErrorCode } from './domain/waiting-room-errors';
export type { WaitingRoomEvent } from './events';

/**
 * The waiting room (issue 9). api: the feed of ticket changes behind queueTicketChanged.
 * worker: the admitter (any number of processes; every pass is one atomic Redis script).
 */
export const waitingRoomModule: StampedeModule = {
  name: 'waiting-room',
  resolvers: [
    CreateGateResolver, UpdateGateResolver, GateQueryResolver,
    EnterQueueResolver, LeaveQueueResolver, QueueTicketQueryResolver, QueueTicketChangedResolver,
  ],
  migrations: [{ name: '0100-waiting-room', class: Migration0100WaitingRoom }],
  errorCodes: WaitingRoomErrorCode,
  events: waitingRoomEventSchemas,
  services: waitingRoomServices,
  roles: {
    api: async ({ services }) => {
      const wr = services.modules['waiting-room'];
      wr.retain();
      await wr.room.ready;
      await wr.watch.start();
      return () => wr.release();
    },
    worker: async ({ services, log }) => {
      const wr = services.modules['waiting-room'];
      wr.retain();
      await wr.room.ready;
      const admitter = new Admitter(wr.room, log.child({ role: 'worker', component: 'waiting-room-admitter' }));
      admitter.start();
      return async () => {
        await admitter.stop();
        await wr.release();
      };
    },
  },
};
export { waitingRoomModule as module };
