/**
 * The kiosk window's options, as data: read by the static check in the tests, which fails if a
 * setting of Electron's security checklist is weakened. No `electron` import here.
 */
export function windowOptions(preloadPath: string, dev: boolean) {
  return {
    width: 1280,
    height: 800,
    show: false,
    kiosk: !dev,
    fullscreen: !dev,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableBlinkFeatures: undefined,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: dev,
      safeDialogs: true,
    },
  } as const;
}
