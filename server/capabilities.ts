/**
 * The capabilities that keep something made from a story's words (or, for attachments, its recording and photos),
 * loaded so each registers its story hooks (server/stories/hooks.ts) before any story is saved or withdrawn, and
 * those that point at codebook tags, so each registers its tag hooks (server/codebook/hooks.ts) before any tag is
 * merged or deleted. Imported by the app, the command line, the benchmarks and the tests' database helper.
 */
import './suggestions/analysis-store.ts';
import './themes/themes-store.ts';
import './codebook/tagging-store.ts';
import './rounds/annotations-store.ts';
import './themes/tag-hooks.ts';
import './attachments/attachments-store.ts';
import './transcripts/transcripts-store.ts';
import './translations/store.ts';
