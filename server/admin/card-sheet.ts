import { renderBarcode } from '../../src/node/barcode-writer';

export interface SheetCard {
  readonly title: string;
  readonly expect: string;
  readonly token: string;
}

/** An item of the demo library, for borrowing at a self-service kiosk: its label as printed on a book. */
export interface SheetItem {
  readonly id: string;
  readonly title: string;
  readonly note?: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A printable HTML page of demo cards, one QR code each with what the terminal should answer.
 * Self-contained (inline SVG, no external resources), so it prints and opens offline.
 * On screen each code is up to 20rem wide; on paper 5 cm (0.5 mm a module for a demo token),
 * three cards a row, so six fit on one A4 or Letter page and no card is split between pages.
 * The codes keep the writer's quiet zone and are drawn with crisp edges at any size.
 */
export async function cardSheetHtml(
  title: string,
  cards: readonly SheetCard[],
  items: readonly SheetItem[] = [],
): Promise<string> {
  const cardItems = await Promise.all(
    cards.map(async (c) => {
      const { svg } = await renderBarcode(c.token, 'QRCode', 4);
      return `<figure><div class="code" role="img" aria-label="QR code: ${escape(c.title)}">${svg}</div><figcaption><strong>${escape(c.title)}</strong><span>Should show: ${escape(c.expect)}</span></figcaption></figure>`;
    }),
  );
  // Item labels are Code 128, as on library books; unframed, so they never pass for a card.
  const labels = await Promise.all(
    items.map(async (item) => {
      const { svg } = await renderBarcode(item.id, 'Code128', 2);
      return `<li><div class="label" role="img" aria-label="Barcode: ${escape(item.title)}">${svg}</div><span><strong>${escape(item.title)}</strong>${item.note ? ` (${escape(item.note)})` : ''}</span></li>`;
    }),
  );
  const itemSection =
    items.length === 0
      ? ''
      : `<section class="items" aria-labelledby="items-title"><h2 id="items-title">Demo library items</h2><p>To try borrowing, switch the terminal to self-service mode (Admin), scan a library card above, then scan these labels.</p><ul>${labels.join('\n')}</ul></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; background: #fff; }
  h1 { font-size: 1.4rem; } p { max-width: 50rem; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1.5rem; }
  figure { margin: 0; border: 1px solid #999; border-radius: 0.6rem; padding: 1rem; break-inside: avoid; page-break-inside: avoid; }
  .code svg { display: block; width: 100%; max-width: 20rem; height: auto; margin: 0 auto 0.5rem; shape-rendering: crispEdges; }
  figcaption { display: grid; gap: 0.3rem; font-size: 1rem; }
  .items ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem 1.5rem; }
  .items li { display: grid; gap: 0.3rem; break-inside: avoid; page-break-inside: avoid; }
  .label svg { display: block; width: auto; height: auto; max-width: 100%; shape-rendering: crispEdges; }
  @page { margin: 12mm; }
  @media print {
    body { margin: 0; font-size: 10pt; }
    h1 { font-size: 16pt; margin: 0 0 3mm; } p { margin: 0 0 5mm; }
    main { grid-template-columns: repeat(3, 1fr); gap: 5mm; }
    figure { padding: 3mm; border-radius: 2mm; }
    .code svg { width: 5cm; max-width: none; margin-bottom: 2mm; }
    figcaption { font-size: 10pt; gap: 1mm; }
  }
</style></head>
<body><h1>${escape(title)}</h1>
<p>Demo cards for CivicPass Terminal. Show one to the terminal's camera, or scan it with a USB scanner: under each code is what the terminal should show. The terminal checks them offline, with no network needed, and this page opens and prints offline too. These cards are signed by the demo deployment's keys and are worthless anywhere else.</p>
<main>${cardItems.join('\n')}</main>${itemSection}</body></html>
`;
}
