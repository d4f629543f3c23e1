import { join } from 'node:path';

/** The layout of a data folder: one database, content-addressed blobs, imported model files. */
export function dataPaths(dataDir: string): { database: string; blobs: string; models: string } {
  return { database: join(dataDir, 'lungts.db'), blobs: join(dataDir, 'blobs'), models: join(dataDir, 'models') };
}
