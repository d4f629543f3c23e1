import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';

/**
 * dicom-parser ships as a UMD bundle whose named exports Node's ESM loader cannot see, so it
 * is loaded through require in source runs and in the esbuild bundle alike.
 */
export const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

export type DataSet = DicomParser.DataSet;
export type DicomElement = DicomParser.Element;
export type Fragment = DicomParser.Fragment;
