/**
 * The demo's answers to the ready set of questions about the teller's own story, so the pattern views have
 * something to show: plausible and varied, and the same every time (drawn from a hash of the story's words, leaning
 * the way its domain and a change for the worse would lean). Pure: no database.
 */
import type { Question } from '../db/schema.ts';
import type { DemoStory } from './demo-story.ts';

/** A number 0 ≤ n < 1 from text, the same on every machine (FNV-1a). */
function draw(text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of text) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n / 5) * 5));

/** The teller's answer to one question of the ready set (found by its position in the set), or '' for none. */
export function demoSignification(story: DemoStory, question: Question, position: number): string {
  const seed = `${story.title ?? ''}|${story.teller.name}|${position}`;
  const r = draw(seed);
  const options = JSON.parse(question.options) as string[];
  // One story in eight leaves a question unanswered, as tellers do.
  if (draw(`${seed}|skip`) < 0.12) return '';
  const worse = story.worse !== undefined;
  switch (position) {
    case 0: // how they feel: mostly good, lower when they also told of a change for the worse
      if (draw(`${seed}|na`) < 0.06) return 'n/a';
      return String(clamp((worse ? 35 : 72) + (r - 0.5) * 50));
    case 1: // how long ago: recent stories most often
      return options[r < 0.35 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3] ?? '';
    case 2: // how much it changed things: services' stories a little less than lives'
      return String(clamp((story.domain === 'services' ? 50 : 68) + (r - 0.5) * 60));
    case 3: {
      // who should hear it: one to three groups
      const chosen = options.filter((_, i) => draw(`${seed}|${i}`) < (i === 0 ? 0.55 : 0.3));
      return JSON.stringify(chosen.length ? chosen : [options[Math.floor(r * options.length)]!]);
    }
    case 4: {
      // a person, a service or a community: mostly as its domain suggests
      const usual = story.domain === 'services' ? 1 : story.domain === 'lives' ? 0 : 2;
      return options[r < 0.7 ? usual : Math.floor(draw(`${seed}|other`) * options.length)] ?? '';
    }
    default:
      return '';
  }
}
