// The admin key, shared by the generator's controls on the dashboard (the attack mode and the scenario runs): typed
// once, kept in this tab only (sessionStorage; in memory where sessionStorage is unavailable).
const KEY_STORAGE = 'tspipe.adminKey';
const listeners = new Set();
let memoryKey = null;

export function adminKey() {
  if (memoryKey !== null) {
    return memoryKey;
  }
  try {
    memoryKey = sessionStorage.getItem(KEY_STORAGE) || '';
  } catch {
    memoryKey = '';
  }
  return memoryKey;
}

/** Keeps {@code key} ('' forgets it) and tells every listener. */
export function setAdminKey(key) {
  memoryKey = key || '';
  try {
    if (memoryKey) {
      sessionStorage.setItem(KEY_STORAGE, memoryKey);
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
  } catch {
    // sessionStorage can be unavailable (private mode); the key then lasts until the page is left
  }
  listeners.forEach((listener) => listener(memoryKey));
}

/** Calls listener(key) whenever the key is set or forgotten; answers a function that stops it. */
export function onAdminKey(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
