import { useEffect, useRef } from 'react';
import { fill, useT } from '../i18n';

/**
 * A page's h1. When a page opens, focus moves to its heading (so a screen reader announces the
 * new page and Tab continues from there) and the window title follows.
 */
export function PageHeading({ children }: { children: string }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = fill(t.pageTitle, { page: children });
    ref.current?.focus();
  }, [children, t]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
