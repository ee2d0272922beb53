import { openSync, type Font } from "fontkit";

/**
 * Widths of strings in the bundled faces, for right-aligned cells: the table draws each cell at a
 * computed x instead of handing pdfkit a box to wrap text in (its line wrapper measures every word
 * again). fontkit shapes with the same features pdfkit draws with; widths are cached per string,
 * and statements repeat most of theirs ("Partial payment", "posted", "25.00%").
 */
const fonts = new Map<string, Font>();
const widths = new Map<string, number>();
const MAX_CACHED = 50_000;

/** Width in points of `text` at `size` in the face at `src`. */
export function textWidth(src: string, text: string, size: number): number {
  const key = `${src}\u0000${text}`;
  let units = widths.get(key);
  if (units === undefined) {
    let font = fonts.get(src);
    if (!font) fonts.set(src, (font = openSync(src) as Font));
    units = font.layout(text, []).advanceWidth / font.unitsPerEm;
    if (widths.size >= MAX_CACHED) widths.clear();
    widths.set(key, units);
  }
  return units * size;
}
