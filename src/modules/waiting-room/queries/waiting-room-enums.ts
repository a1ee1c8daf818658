import { registerEnumType } from 'type-graphql';

export enum GateStateEnum {
  OPEN = 'OPEN',
  PAUSED = 'PAUSED',
  CLOSED = 'CLOSED',
}
registerEnumType(GateStateEnum, {
  name: 'GateState',
  description: 'OPEN admits (from opensAt, under both caps); PAUSED lets people join but admits nobody; CLOSED lets nobody join and admits nobody',
});

export enum FairnessEnum {
  FIFO = 'FIFO',
  RANDOM_PREQUEUE = 'RANDOM_PREQUEUE',
}
registerEnumType(FairnessEnum, {
  name: 'Fairness',
  description: 'FIFO: admitted in entry order. RANDOM_PREQUEUE: everyone who entered between prequeueOpensAt and opensAt is shuffled at opensAt; later entrants follow in entry order',
});

export enum QueueTicketStatusEnum {
  WAITING = 'WAITING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}
registerEnumType(QueueTicketStatusEnum, {
  name: 'QueueTicketStatus',
  description: 'WAITING in line → ACTIVE (admitted: the token opens the gated resource until expiresAt) → EXPIRED (ran out, completed, left, or no heartbeat)',
});
