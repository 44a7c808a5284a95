/** Reads back the text offline/xml.ts escaped into the SVG files, so tests compare what a reader sees. */
export const unescapeXml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
