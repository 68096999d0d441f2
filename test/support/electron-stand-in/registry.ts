/** The open windows, known to both the app (which closes them on quit) and the windows. */
export interface OpenWindow {
  close(): void;
}

export const openWindows = new Set<OpenWindow>();
