/** Kept apart from the worker so importing the names does not run the worker's main(). */
export const NPM_LIBRARIES = ['isolation-forest', 'ml-isolation-forest'] as const;
export type NpmLibrary = (typeof NPM_LIBRARIES)[number];
