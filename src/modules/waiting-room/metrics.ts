import { Counter, Gauge } from 'prom-client';
import { registry } from '../../infrastructure/http/metrics';

/** Per gate, set by the admitter on every pass (gates are few: the label stays small). */
export const queueWaiting = new Gauge({
  name: 'waiting_room_waiting',
  help: 'WAITING tickets per gate, as of the last admitter pass in this process',
  labelNames: ['gate'],
  registers: [registry],
});

export const queueActive = new Gauge({
  name: 'waiting_room_active',
  help: 'ACTIVE tickets per gate (counted against maxActive), as of the last admitter pass in this process',
  labelNames: ['gate'],
  registers: [registry],
});

export const queueAdmitted = new Counter({
  name: 'waiting_room_admitted_total',
  help: 'Tickets admitted by this process\'s admitter, per gate',
  labelNames: ['gate'],
  registers: [registry],
});
