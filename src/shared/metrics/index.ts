export * from './dice';
export * from './objects';
export * from './evaluate';
export * from './dilate';
