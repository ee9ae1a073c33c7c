/**
 * Taking who made a PDF scan, with what, and when out of it before it is kept: the document information (Title,
 * Author, Subject, Keywords, Creator, Producer, creation and change dates) and the XMP metadata stream; and the
 * document's scripts and attached files. A PDF cannot
 * be cleaned as it streams (its cross-reference table is at the end), so a scan is held whole, up to PDF_MAX_BYTES;
 * pdf-lib then writes it again with only the objects still in use, which also drops earlier revisions kept by
 * incremental saves (where an old Author would otherwise survive).
 */
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { DamagedImage, type PhotoFacts } from './photo-metadata.ts';

/** A scan of a few pages is a few MB; a PDF is held in memory to be cleaned, so a larger one is refused. */
export const PDF_MAX_BYTES = 50 * 1024 * 1024;

/** Not a readable PDF: damaged, cut off, or locked with a password. */
export class DamagedPdf extends DamagedImage {}
export class PdfTooLarge extends Error {}

/** Like a photo's MetadataStripper, except that the cleaning happens at the end, and takes a moment. */
export class PdfCleaner {
  private parts: Buffer[] = [];
  private size = 0;

  push(data: Buffer): Buffer[] {
    this.size += data.length;
    if (this.size > PDF_MAX_BYTES) throw new PdfTooLarge();
    this.parts.push(data);
    return [];
  }

  async end(): Promise<Buffer[]> {
    const bytes = Buffer.concat(this.parts, this.size);
    this.parts = [];
    try {
      // updateMetadata: false, or pdf-lib would write its own Producer and dates in.
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      if (doc.getPageCount() === 0) throw new DamagedPdf('a PDF without pages');
      // pdf-lib writes every object it holds, so an object only a removed entry pointed at is deleted too.
      const drop = (dict: PDFDict | undefined, key: string) => {
        const value = dict?.get(PDFName.of(key));
        if (value instanceof PDFRef) doc.context.delete(value);
        dict?.delete(PDFName.of(key));
      };
      const info = doc.context.trailerInfo.Info;
      if (info instanceof PDFRef) doc.context.delete(info);
      doc.context.trailerInfo.Info = undefined;
      drop(doc.catalog, 'Metadata');
      // A scan needs no scripts or attached files: they would open with it on the story page, or carry more of
      // whoever made it.
      for (const key of ['OpenAction', 'AA']) drop(doc.catalog, key);
      const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
      for (const key of ['JavaScript', 'EmbeddedFiles']) drop(names, key);
      return [Buffer.from(await doc.save({ updateFieldAppearances: false }))];
    } catch (err) {
      // pdf-lib's errors for a file it cannot read (no catalog, no pages, a password) are all "not a readable PDF".
      throw err instanceof DamagedPdf ? err : new DamagedPdf(`not a readable PDF: ${(err as Error).message}`);
    }
  }

  facts(): PhotoFacts {
    return { width: null, height: null };
  }
}
