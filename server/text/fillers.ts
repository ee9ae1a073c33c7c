/**
 * Filler words: not stop words (they carry a little meaning in a sentence), but a theme named by them says nothing
 * ("nearly", "thing", "really", "got", "lot"). Theme labels never start or end with one, nor consist of one.
 * Kept beside the stop-word lists text.ts uses; English and Spanish for now, other languages use stop words only.
 */
import { languageCode } from './text.ts';

const FILLERS: Record<string, string[]> = {
  en: [
    ...['nearly', 'almost', 'really', 'actually', 'basically', 'literally', 'probably', 'definitely', 'maybe'],
    ...['just', 'quite', 'pretty', 'very', 'still', 'even', 'also', 'always', 'never', 'ever', 'already', 'anyway'],
    ...['thing', 'things', 'stuff', 'lot', 'lots', 'bit', 'kind', 'sort', 'way', 'ways', 'time', 'times', 'part'],
    ...['something', 'anything', 'everything', 'nothing', 'someone', 'anyone', 'everyone', 'somebody', 'anybody'],
    ...['got', 'get', 'gets', 'getting', 'go', 'goes', 'going', 'gone', 'went', 'come', 'came', 'coming', 'let'],
    ...['make', 'made', 'take', 'took', 'taken', 'put', 'say', 'said', 'says', 'tell', 'told', 'know', 'knew'],
    ...['think', 'thought', 'want', 'wanted', 'like', 'liked', 'well', 'much', 'many', 'whole', 'able'],
    ...['good', 'great', 'nice', 'fine', 'okay', 'ok', 'yeah', 'yes', 'oh', 'um', 'uh', 'sure', 'thanks'],
    ...['day', 'days', 'year', 'years', 'now', 'back', 'around', 'one', 'two', 'three', 'first', 'last', 'next'],
    ...['every', 'each', 'another', 'same', 'different', 'else', 'since', 'though', 'although'],
    ...['done', 'doing', 'right', 'away', 'find', 'found', 'look', 'looked', 'seem', 'seemed', 'try', 'tried'],
    ...['keep', 'kept', 'give', 'gave', 'ask', 'asked', 'start', 'started', 'use', 'used', 'felt', 'bit'],
  ],
  es: [
    ...['casi', 'realmente', 'solo', 'sólo', 'solamente', 'pues', 'bueno', 'vale', 'claro', 'verdad', 'bien'],
    ...['cosa', 'cosas', 'algo', 'nada', 'alguien', 'nadie', 'todo', 'toda', 'todos', 'todas', 'vez', 'veces'],
    ...['mucho', 'mucha', 'muchos', 'muchas', 'poco', 'poca', 'bastante', 'tanto', 'también', 'tampoco', 'siempre'],
    ...['nunca', 'ya', 'aún', 'todavía', 'entonces', 'así', 'luego', 'después', 'ahora', 'hoy', 'ayer', 'mal'],
    ...['hacer', 'hizo', 'hice', 'hecho', 'decir', 'dijo', 'dije', 'ir', 'fui', 'fue', 'iba', 'ver', 'vi', 'dar'],
    ...['tener', 'tuve', 'tenía', 'tengo', 'estar', 'estaba', 'estoy', 'poder', 'pude', 'podía', 'querer', 'quería'],
    ...['día', 'días', 'año', 'años', 'uno', 'una', 'dos', 'tres', 'primero', 'primera', 'último', 'última'],
    ...['sí', 'gracias', 'tipo', 'manera', 'forma', 'parte', 'gran', 'buen', 'buena'],
    // natural's Spanish stop-word list lacks these pronouns and forms of "ser", "estar" and "haber".
    ...['yo', 'tú', 'usted', 'es', 'son', 'era', 'eran', 'soy', 'está', 'están', 'hay', 'ha', 'han', 'he', 'había'],
    ...['hace', 'volví', 'vine', 'llegué', 'puse', 'quedé'],
  ],
};

const sets = new Map<string, ReadonlySet<string>>();

/** The filler words of a language (lower-case, NFC); empty for a language without a list. */
export function fillersFor(language: string | undefined): ReadonlySet<string> {
  const code = languageCode(language);
  let set = sets.get(code);
  if (!set) sets.set(code, (set = new Set((FILLERS[code] ?? []).map((w) => w.normalize('NFC').toLowerCase()))));
  return set;
}
