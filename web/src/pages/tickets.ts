import {
  EnterQueueDocument, EventsDocument, HoldSeatsDocument, PayReservationDocument, PerformanceDocument,
  QueueTicketChangedDocument, SeatsChangedDocument,
} from '@stampede/client';
import { api } from '../session';
import { h, problem, won } from '../dom';

export async function eventsPage(root: HTMLElement): Promise<void> {
  const r = await api.request(EventsDocument, { first: 20 });
  if (r.kind !== 'data') return void root.replaceChildren(h('p', { class: 'error' }, problem(r)));
  root.replaceChildren(h('h1', {}, 'Events'), h('div', { class: 'grid' }, ...r.data.events.edges.map(({ node: e }) =>
    h('div', { class: 'card' }, h('h3', {}, e.name), h('div', { class: 'muted' }, `${e.venue} · ${e.category}`),
      h('ul', {}, ...e.performances.map((p) => h('li', {}, h('a', { href: `#/performance/${p.id}` }, new Date(p.startsAt).toLocaleString()), ` · ${p.availableSeatCount} seats left`)))))));
}

/**
 * A performance's seat map, live: every seat's status follows seatsChanged. Behind a gate you
 * enter the waiting room first and watch your position (queueTicketChanged) until it is your turn.
 */
export function performancePage(root: HTMLElement, id: string): () => void {
  const stops: Array<() => void> = [];
  const seats = new Map<number, HTMLButtonElement>();
  const selected = new Set<number>();
  const message = h('p', { id: 'ticket-message' });
  const queue = h('p', { id: 'queue' });
  const hold = h('button', { id: 'hold', disabled: true }, 'Hold selected seats');
  let queueToken: string | undefined;
  let active = false;

  const paint = (number: number, status: string) => {
    const seat = seats.get(number);
    if (!seat) return;
    seat.dataset.status = status;
    seat.disabled = status !== 'AVAILABLE';
    if (seat.disabled) selected.delete(number);
    seat.className = `seat seat-${status}${selected.has(number) ? ' seat-selected' : ''}`;
  };
  const refreshHold = (gated: boolean) => (hold.disabled = selected.size === 0 || (gated && !active));

  void (async () => {
    const r = await api.request(PerformanceDocument, { id });
    if (r.kind !== 'data' || !r.data.performance) return void root.replaceChildren(h('p', { class: 'error' }, r.kind === 'data' ? 'No such performance' : problem(r)));
    const p = r.data.performance;
    const gated = Boolean(p.gate);
    const grid = h('div', { class: 'seats' });
    for (const s of p.seats) {
      const seat = h('button', { 'data-seat': String(s.number), title: `${s.grade} ${won(s.price)}` }, String(s.number));
      seat.addEventListener('click', () => {
        if (selected.has(s.number)) selected.delete(s.number);
        else selected.add(s.number);
        paint(s.number, seat.dataset.status ?? 'AVAILABLE');
        refreshHold(gated);
      });
      seats.set(s.number, seat);
      grid.append(seat);
      paint(s.number, s.status ?? 'SOLD');
    }
    stops.push(api.subscribe(SeatsChangedDocument, { performanceId: id }, {
      next: ({ seatsChanged }) => seatsChanged.forEach((s) => paint(s.number, s.status ?? 'SOLD')),
      error: (e) => (message.textContent = e.message),
    }));

    const enter = h('button', { id: 'enter-queue' }, 'Enter the waiting room');
    enter.addEventListener('click', async () => {
      const t = await api.request(EnterQueueDocument, { gateId: p.gate!.id });
      const token = t.kind === 'data' ? t.data.enterQueue.ticket?.token : undefined;
      if (!token) return void (message.textContent = problem(t));
      enter.remove();
      queueToken = token;
      stops.push(api.subscribe(QueueTicketChangedDocument, { token }, {
        next: ({ queueTicketChanged: q }) => {
          active = q.status === 'ACTIVE';
          queue.textContent = active ? 'Your turn: choose your seats' : q.status === 'WAITING' ? `Position ${q.position} in the queue` : `Your turn has ${q.status.toLowerCase()}`;
          refreshHold(gated);
        },
        error: (e) => (message.textContent = e.message),
      }));
    });

    hold.addEventListener('click', async () => {
      const held = await api.request(HoldSeatsDocument, { input: { performanceId: id, seatNumbers: [...selected], queueToken, idempotencyKey: crypto.randomUUID() } });
      if (held.kind !== 'data' || !held.data.holdSeats.reservation) return void (message.textContent = problem(held));
      const reservation = held.data.holdSeats.reservation;
      const pay = h('button', { id: 'pay-reservation' }, `Pay ${won(reservation.total)}`);
      pay.addEventListener('click', async () => {
        const paid = await api.request(PayReservationDocument, { input: { reservationId: reservation.id, idempotencyKey: `pay-${reservation.id}` } });
        message.textContent = paid.kind === 'data' ? `Reservation ${paid.data.payReservation.reservation?.status}` : problem(paid);
        pay.remove();
      });
      message.replaceChildren(`Held seats ${reservation.seats.map((s) => s.number).join(', ')} until ${new Date(reservation.expiresAt).toLocaleTimeString()} `, pay);
    });

    root.replaceChildren(
      h('h1', {}, p.event?.name ?? 'Performance'), h('p', { class: 'muted' }, `${new Date(p.startsAt).toLocaleString()} · ${p.availableSeatCount} of ${p.seatCount} seats left · up to ${p.maxSeatsPerUser} each`),
      gated ? h('div', {}, enter, queue) : '', grid, hold, message,
    );
  })();
  return () => stops.forEach((stop) => stop());
}
