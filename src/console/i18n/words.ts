/**
 * The catalogue's machinery: English (en.ts) defines its shape, and every other language must
 * give the same keys (`Catalogue` is en's shape with every text widened to `string`). Texts may
 * hold `{name}` placeholders, filled by `fill`.
 */
import type { en } from './en';

type Widened<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widened<T[K]> };

export type Catalogue = Widened<typeof en>;

/** Replaces `{name}` in a text by its value; a placeholder without a value is left as it is. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => {
    const v = values[key];
    return v === undefined ? all : String(v);
  });
}

/** "1 terminal" / "3 terminals": English's two plural forms, picked by Intl for the language. */
export function plural(lang: string, forms: { readonly one: string; readonly other: string }, count: number): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? forms.one : forms.other;
  return fill(form, { count: new Intl.NumberFormat(lang).format(count) });
}
