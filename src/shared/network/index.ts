export * from './spec';
export * from './presets';
export * from './plan';
export * from './params';
export * from './init';
export * from './shapes';
export * from './model-card';
