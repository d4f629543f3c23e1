export * from './mat3';
export * from './geometry';
export * from './volume';
export * from './orientation';
