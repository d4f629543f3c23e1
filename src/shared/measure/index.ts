export * from './hull';
export * from './slice-diameters';
export * from './tumours';
export * from './export';
