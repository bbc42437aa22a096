/** The domain-free discrete-event kernel: clock, event queue, timers, seeded streams, distributions. */
export * from './time.js';
export * from './sim.js';
export * from './rng.js';
export * from './dist.js';
