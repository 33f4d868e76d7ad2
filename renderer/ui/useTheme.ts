/** React's view of the theme shown (for canvases that must redraw in the other palette). */
import { useEffect, useState } from 'react';
import { currentTheme, onThemeChange, type Theme } from './theme';

/** The theme shown now; the component re-renders when it changes. */
export function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(() => currentTheme());
  useEffect(() => onThemeChange(setTheme), []);
  return theme;
}
