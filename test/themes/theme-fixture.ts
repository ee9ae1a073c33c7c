/** Stories in three groups whose words clearly differ, for testing themes, the map and suggestions. */
import type { Db } from '../../server/db/database.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { makeStory } from '../helpers/stories.ts';

export const GROUPS = {
  damp: [
    'The damp and mould in the bedroom wall came back every winter until the repairs team fixed the gutter.',
    'Our landlord finally sent repairs for the mould; the damp wall in the flat is dry now.',
    'Mould on the ceiling, damp carpets, three years of repairs requests before the housing officer came.',
    'The housing repairs crew sorted the leaking gutter and the damp, mouldy bathroom at last.',
  ],
  food: [
    'The food bank gave us parcels with fresh vegetables and the volunteers cooked a hot meal.',
    'I collect a food parcel on Saturdays; the food bank volunteers know my children by name.',
    'Cooking club at the food bank taught me meals from the parcel: lentils, rice, vegetables.',
    'Food bank parcels and the community kitchen meant the kids had hot meals all holiday.',
  ],
  school: [
    'My son’s school teacher set up a homework club and his reading improved this term.',
    'The school mentor met my daughter every week; her teachers say her attendance is up.',
    'Homework club after school, a patient teacher, and now he reads to his little sister.',
    'Pupils at the school started a reading club; the teachers noticed attendance rising.',
  ],
};

export async function makeThemedStories(db: Db, inquiry: Inquiry): Promise<Record<keyof typeof GROUPS, Story[]>> {
  const made = {} as Record<keyof typeof GROUPS, Story[]>;
  for (const [group, texts] of Object.entries(GROUPS) as [keyof typeof GROUPS, string[]][]) {
    made[group] = [];
    for (const [i, words] of texts.entries())
      made[group].push(await makeStory(db, inquiry, { words, title: `${group} ${i + 1}`, why: 'It mattered.' }));
  }
  return made;
}
