/*
 * Theme preference: "light" | "dark" | "system", kept in localStorage and
 * applied as the `dark` class on <html>. The inline ThemeScript applies it
 * before first paint; this module keeps it in sync afterwards.
 * No React here so it can be shared by the script, the provider and the toggle.
 */

export type ThemePreference = "light" | "dark" | "system";
export type ResolvedTheme = "light" | "dark";

export const THEME_STORAGE_KEY = "clearbook-theme";
const THEME_EVENT = "clearbook-theme-change";
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function isThemePreference(v: unknown): v is ThemePreference {
  return v === "light" || v === "dark" || v === "system";
}

export function readPreference(): ThemePreference {
  try {
    const v = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isThemePreference(v) ? v : "system";
  } catch {
    return "system";
  }
}

export function resolveTheme(pref: ThemePreference): ResolvedTheme {
  if (pref !== "system") return pref;
  return window.matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

/** Set or remove the `dark` class on <html>. Transitions are paused so colours do not animate. */
export function applyTheme(pref: ThemePreference) {
  const root = document.documentElement;
  const dark = resolveTheme(pref) === "dark";
  if (root.classList.contains("dark") === dark) return;
  const style = document.createElement("style");
  style.appendChild(document.createTextNode("*,*::before,*::after{transition:none!important}"));
  document.head.appendChild(style);
  root.classList.toggle("dark", dark);
  // Force a style flush before re-enabling transitions.
  void window.getComputedStyle(document.body).opacity;
  setTimeout(() => style.remove(), 1);
}

export function setPreference(pref: ThemePreference) {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, pref);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
  applyTheme(pref);
  window.dispatchEvent(new Event(THEME_EVENT));
}

/** Subscribe to preference changes (this tab, other tabs) and OS scheme changes. */
export function subscribeTheme(onChange: () => void) {
  const media = window.matchMedia(DARK_QUERY);
  const onStorage = (e: StorageEvent) => {
    if (e.key === THEME_STORAGE_KEY) onChange();
  };
  window.addEventListener(THEME_EVENT, onChange);
  window.addEventListener("storage", onStorage);
  media.addEventListener("change", onChange);
  return () => {
    window.removeEventListener(THEME_EVENT, onChange);
    window.removeEventListener("storage", onStorage);
    media.removeEventListener("change", onChange);
  };
}

/**
 * The same logic as readPreference + applyTheme, as a self-contained string for
 * the inline <script> that runs before the page paints.
 */
export const themeScriptSource = `(function(){try{var p=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(p!=="light"&&p!=="dark")p="system";var d=p==="dark"||(p==="system"&&window.matchMedia(${JSON.stringify(
  DARK_QUERY,
)}).matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})();`;
