/**
 * `Content-Disposition: attachment` for any file name, per RFC 6266: a quoted ASCII fallback that
 * no user agent can misread (no quotes, backslashes, percent signs, slashes or control characters)
 * and, when the name is not plain ASCII, the exact name as RFC 8187 `filename*=UTF-8''…`.
 */
export function attachmentDisposition(name: string): string {
  const exact = name.normalize("NFC");
  const fallback = asciiFallback(exact);
  if (fallback === exact) return `attachment; filename="${fallback}"`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(exact)}`;
}

function asciiFallback(name: string): string {
  const plain = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // é → e
    .replace(/[^\x20-\x7e]|["\\%/]/g, "_")
    .replace(/^[.\s]+/, (m) => "_".repeat(m.length)) // no hidden files
    .trim();
  return plain || "download";
}

/** attr-char of RFC 8187 kept as is; every other UTF-8 byte percent-encoded. */
const encodeRfc8187 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
