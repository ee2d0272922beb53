import path from "node:path";
import type * as ReactPdf from "@react-pdf/renderer";

/**
 * The statement typeface, bundled in the repository (server/pdf/fonts, DejaVu Sans Condensed under
 * the Bitstream Vera licence, LICENSE-DejaVu.txt): rendering never reaches the network, and the
 * glyphs (€, ¥, accented debtor names) are the same on every machine, so the bytes are too.
 */
export const STATEMENT_FONT = "DejaVu Sans Condensed";

let registered = false;

/** Register the bundled fonts with react-pdf once per process. */
export function registerStatementFonts(Font: typeof ReactPdf.Font): void {
  if (registered) return;
  const dir = path.join(process.cwd(), "server", "pdf", "fonts");
  Font.register({
    family: STATEMENT_FONT,
    fonts: [
      { src: path.join(dir, "DejaVuSansCondensed.ttf"), fontWeight: 400 },
      { src: path.join(dir, "DejaVuSansCondensed-Bold.ttf"), fontWeight: 700 },
    ],
  });
  // Table cells are cut to fit before drawing; never let react-pdf hyphenate them.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
