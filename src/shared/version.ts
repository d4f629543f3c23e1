/** Bumped with package.json; written into model cards, exported files and the database. */
export const APP_VERSION = '0.1.0';
