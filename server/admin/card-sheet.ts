import { renderBarcode } from '../../src/node/barcode-writer';

export interface SheetCard {
  readonly title: string;
  readonly expect: string;
  readonly token: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A printable HTML page of demo cards, one QR code each with what the terminal should answer.
 * Self-contained (inline SVG, no external resources), so it prints and opens offline.
 */
export async function cardSheetHtml(title: string, cards: readonly SheetCard[]): Promise<string> {
  const items = await Promise.all(
    cards.map(async (c) => {
      const { svg } = await renderBarcode(c.token, 'QRCode', 4);
      return `<figure><div class="code">${svg}</div><figcaption><strong>${escape(c.title)}</strong><span>Expect: ${escape(c.expect)}</span></figcaption></figure>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
  h1 { font-size: 1.4rem; } p { max-width: 50rem; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1.5rem; }
  figure { margin: 0; border: 1px solid #999; border-radius: 0.6rem; padding: 1rem; break-inside: avoid; }
  .code svg { width: 100%; height: auto; }
  figcaption { display: grid; gap: 0.3rem; font-size: 1rem; }
</style></head>
<body><h1>${escape(title)}</h1>
<p>Demo cards for CivicPass Terminal. Show one to the terminal's camera, or scan it with a USB scanner. These cards are signed by the demo deployment's keys and are worthless anywhere else.</p>
<main>${items.join('\n')}</main></body></html>
`;
}
