import type { Clock } from '../../../src/shared/clock';

/** A clock that stands still until told: `set` pins it, `advance` moves it forward. */
export class FakeClock implements Clock {
  private at: number;

  constructor(start: Date | string = '2026-03-01T09:00:00.000Z') {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): this {
    this.at = new Date(at).getTime();
    return this;
  }

  advance(ms: number): this {
    this.at += ms;
    return this;
  }
}
