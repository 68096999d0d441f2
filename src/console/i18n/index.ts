import { createContext, useContext } from 'react';
import { en } from './en';
import type { Catalogue } from './words';

/** English only for now; another language is one more module of the same shape (words.ts). */
export const CATALOGUES: Readonly<Record<string, Catalogue>> = { en };

export const I18nContext = createContext<Catalogue>(en);

export function useT(): Catalogue {
  return useContext(I18nContext);
}

export { fill, plural } from './words';
export type { Catalogue } from './words';
