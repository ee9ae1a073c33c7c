/**
 * Themes point at the codebook tags they were turned into: when a tag is merged the theme follows it, when a tag
 * is deleted the theme lets go. Registered here (imported by server/capabilities.ts), as the codebook imports no
 * theme code.
 */
import { onTags } from '../codebook/hooks.ts';
import { followMergedTag, forgetDeletedTag } from './themes-store.ts';

onTags('themes', { merged: followMergedTag, deleted: forgetDeletedTag });
