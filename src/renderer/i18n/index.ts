import { createContext, useContext } from 'react';
import { ar } from './ar';
import { bn } from './bn';
import type { Catalogue } from './catalogue';
import { en } from './en';
import { pl } from './pl';

export const CATALOGUES: Readonly<Record<string, Catalogue>> = { en, ar, pl, bn };

export function catalogueFor(lang: string): Catalogue {
  return CATALOGUES[lang] ?? en;
}

export const I18nContext = createContext<Catalogue>(en);

export function useT(): Catalogue {
  return useContext(I18nContext);
}

export { fill, formatNumber, plural } from './catalogue';
export type { Catalogue, Plural } from './catalogue';
export { refusalText } from './refusal';
