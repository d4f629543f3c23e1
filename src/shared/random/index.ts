export * from './hash';
export * from './rng';
export * from './sampling';
