/** Stories about clearly different things, for clustering tests: each uses its topic's words plus common ones. */
import { seededRng } from '../../server/text/rng.ts';
import type { Doc } from '../../server/text/types.ts';

export const TOPICS = {
  housing: [
    'damp',
    'mould',
    'repairs',
    'landlord',
    'rent',
    'heating',
    'flat',
    'windows',
    'boiler',
    'council',
    'leaking',
    'roof',
  ],
  health: [
    'clinic',
    'nurse',
    'doctor',
    'medicine',
    'appointment',
    'hospital',
    'waiting',
    'prescription',
    'surgery',
    'pharmacy',
    'illness',
    'treatment',
  ],
  school: [
    'teacher',
    'pupils',
    'lessons',
    'homework',
    'classroom',
    'exams',
    'reading',
    'headteacher',
    'uniform',
    'playground',
    'maths',
    'learning',
  ],
  farming: [
    'harvest',
    'cattle',
    'tractor',
    'fields',
    'seeds',
    'drought',
    'market',
    'goats',
    'irrigation',
    'maize',
    'fertiliser',
    'rainfall',
  ],
} as const;
const COMMON = ['people', 'community', 'week', 'time', 'family', 'help', 'year', 'things', 'change', 'felt'];

/** `perTopic` stories for each of the first `topics` topics, ids like "housing-3". */
export function topicStories(topics: number, perTopic: number, seed = 1): Doc[] {
  const rng = seededRng(seed);
  const docs: Doc[] = [];
  for (const [name, words] of Object.entries(TOPICS).slice(0, topics)) {
    for (let i = 0; i < perTopic; i++) {
      const picked: string[] = [];
      for (let j = 0; j < 14; j++) picked.push(words[rng.int(words.length)]!);
      for (let j = 0; j < 6; j++) picked.push(COMMON[rng.int(COMMON.length)]!);
      docs.push({ id: `${name}-${i}`, text: `The ${picked.join(' and the ')}.`, language: 'en' });
    }
  }
  return docs;
}

/** The groups found, as sorted lists of the topic names of their members. */
export const topicsOf = (stories: string[]) => [...new Set(stories.map((id) => id.split('-')[0]))].sort();
