/**
 * Issue 10 item 7 on screen: with the disk full, the Ready screen (its notice for the refused
 * scan and its status strip) and the Status screen say "storage full" in the screen's language,
 * and say nothing of it otherwise. The real components, rendered to HTML; the service side is
 * test/store/disk-full.test.ts.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TerminalApi, TerminalStatus } from '../../src/contract/terminal-api';
import type { CameraView } from '../../src/renderer/hooks/useCamera';
import { CATALOGUES, I18nContext, refusalText, type Catalogue } from '../../src/renderer/i18n';
import { ReadyScreen } from '../../src/renderer/screens/ReadyScreen';
import { StatusScreen } from '../../src/renderer/screens/StatusScreen';

const NOW = Date.now() / 1000;

function status(storage: 'ok' | 'full'): TerminalStatus {
  return {
    venue: {
      id: 'central',
      name: 'Central Library',
      role: 'library_desk',
      services: ['library'],
      offers: [],
      languages: ['en'],
    },
    checking: { service: 'library', offer: null },
    usable: true,
    storage,
    scansToday: 3,
    nfcConfigured: false,
    unusableReason: null,
    data: { trustListSeq: 7, trustListIssuedAt: NOW - 600, trustListFreshness: 'fresh', statusLists: [] },
    clock: { system: NOW, trusted: NOW, suspect: false, behind: false, serverSkew: null },
    sync: {
      enrolled: true,
      online: 'online',
      lastSuccessAt: NOW - 60,
      nextAttemptAt: null,
      problem: null,
      queueDepth: 2,
      oldestQueuedAt: NOW - 120,
      setAside: 0,
      revoked: false,
    },
    devices: [],
    library: { configured: false, state: 'unknown', since: null, problem: null, passwordSet: false },
    staffUnlocked: false,
    staffCalls: [],
  };
}

/** Neither screen calls the service while it is drawn. */
const api = {} as TerminalApi;
const camera: CameraView = { state: 'off', stream: null, unread: false, torch: null, setTorch: () => undefined };

function render(t: Catalogue, element: ReactElement): string {
  return renderToStaticMarkup(createElement(I18nContext.Provider, { value: t }, element));
}

function ready(t: Catalogue, storage: 'ok' | 'full', notice: 'storage_full' | null): string {
  return render(
    t,
    createElement(ReadyScreen, {
      api,
      status: status(storage),
      camera,
      cameraOn: false,
      onToggleCamera: () => undefined,
      notice,
      wedgeSeenAt: null,
      onRecall: null,
    }),
  );
}

/** The text of an HTML fragment, as a person reads it (entities undone where the words have them). */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#x27;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

describe('storage full, in words', () => {
  for (const [lang, t] of Object.entries(CATALOGUES)) {
    it(`is on the Ready screen and the Status screen in ${lang}, and gone once there is room`, () => {
      // The English words are the ones the issue asks for.
      if (lang === 'en') {
        expect(t.errors.storage_full).toMatch(/^Storage full/);
        expect(t.syncProblems.storage_full).toMatch(/disk is full/);
      }
      // The refused scan's notice and the status strip: the same words, in both places.
      const full = text(ready(t, 'full', 'storage_full'));
      expect(full.split(t.errors.storage_full).length - 1).toBe(2);
      // A scanner read refused later, with the strip's warning already showing: the strip stays.
      expect(text(ready(t, 'full', null))).toContain(t.errors.storage_full);
      expect(text(ready(t, 'ok', null))).not.toContain(t.errors.storage_full);
      // Status: an alert at the top.
      const statusFull = render(t, createElement(StatusScreen, { api, status: status('full'), wedgeSeenAt: null }));
      expect(statusFull).toMatch(/<p class="card warning" role="alert">[^<]*<\/p>/);
      expect(text(statusFull)).toContain(t.syncProblems.storage_full);
      const statusOk = render(t, createElement(StatusScreen, { api, status: status('ok'), wedgeSeenAt: null }));
      expect(text(statusOk)).not.toContain(t.syncProblems.storage_full);
      // A refusal shown where staff acted (typed entry, a button): the same words.
      expect(refusalText(t, { code: 'storage_full', message: 'disk full' })).toBe(t.errors.storage_full);
    });
  }
});
