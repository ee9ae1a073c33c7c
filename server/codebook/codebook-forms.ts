/** The codebook's and tagging's form schemas: each field's limits and the message shown beside it when it is wrong. */
import { Type } from '@sinclair/typebox';

const id = (errorMessage: string) => Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', errorMessage }));
export const TAG_NAME_MAX = 80;

export const TagForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: TAG_NAME_MAX, errorMessage: 'codebook.errors.name' }),
  description: Type.Optional(Type.String({ maxLength: 1000, errorMessage: 'codebook.errors.description' })),
  parentId: id('codebook.errors.parent'),
});

export const MergeForm = Type.Object({
  into: Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'codebook.errors.mergeInto' }),
});

/** Either a tag from the codebook or a new tag's name (checked by chooseTag: one, not both). */
const tagChoice = {
  tagId: id('codebook.errors.chooseTag'),
  newTag: Type.Optional(Type.String({ maxLength: TAG_NAME_MAX, errorMessage: 'codebook.errors.newTagLong' })),
};

export const StoryTagForm = Type.Object(tagChoice);

export const PassageForm = Type.Object({
  answer: Type.String({ pattern: '^[0-9]{1,4}$', errorMessage: 'forms.invalid' }),
  words: Type.String({ minLength: 1, maxLength: 20_000, errorMessage: 'codebook.errors.words' }),
  occurrence: id('codebook.errors.whichOne'),
  ...tagChoice,
});
