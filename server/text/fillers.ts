/**
 * Filler words: not stop words (they carry a little meaning in a sentence), but a theme named by them says nothing
 * ("nearly", "thing", "really", "got", "lot"). Theme labels never start or end with one, nor consist of one.
 * Kept beside the stop-word lists text.ts uses; English, Spanish, French and Arabic, others use stop words only.
 */
import { foldArabic, languageCode } from './text.ts';

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
    ...['long', 'longer', 'behind', 'once', 'twice', 'somewhere', 'anywhere', 'everywhere', 'nowhere', 'enough'],
    ...['soon', 'later', 'often', 'sometimes', 'usually', 'instead', 'perhaps', 'exactly', 'little', 'big', 'own'],
    ...['other', 'others', 'week', 'weeks', 'month', 'months', 'hour', 'hours', 'today', 'ago', 'see', 'saw'],
    ...['seen', 'mean', 'meant', 'happened', 'became', 'become', 'feel', 'bring', 'brought'],
    ...['hardly', 'mostly', 'mainly', 'barely', 'largely', 'partly', 'simply', 'rather', 'certainly', 'completely'],
    ...['asking', 'saying', 'telling', 'thinking', 'trying', 'looking', 'wanting', 'knowing', 'taking', 'making'],
    ...['known', "someone's", "somebody's", "everyone's", "everybody's", "anyone's", "nobody's", "other's"],
    // The words of Most Significant Change's own questions ("what difference did it make?") are in every answer.
    ...['difference', 'change', 'changed', 'changes', 'significant'],
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
    ...['hace', 'volví', 'vine', 'llegué', 'puse', 'quedé', 'cada', 'quién', 'quien', 'qué', 'cómo', 'dónde', 'cuándo'],
    ...['puedo', 'puede', 'pueden', 'podemos', 'pedir', 'pido', 'pedí', 'pidió', 'quiero', 'quiere', 'sé', 'saber'],
    ...['sabía', 'creo', 'pienso', 'dejar', 'dejó', 'pasar', 'pasó', 'empezar', 'empecé', 'seguir', 'sigo', 'llevo'],
  ],
  fr: [
    ...['presque', 'vraiment', 'juste', 'seulement', 'bien', 'très', 'trop', 'assez', 'encore', 'toujours', 'jamais'],
    ...['chose', 'choses', 'truc', 'trucs', 'quelque', 'rien', 'tout', 'tous', 'toute', 'toutes', 'fois', 'façon'],
    ...['beaucoup', 'peu', 'aussi', 'alors', 'donc', 'puis', 'après', 'maintenant', 'aujourd', 'hier', 'déjà'],
    ...['faire', 'fait', 'fais', 'faisait', 'dire', 'dit', 'disait', 'aller', 'allé', 'va', 'vais', 'allait', 'voir'],
    ...['vu', 'avoir', 'eu', 'avait', 'être', 'était', 'étais', 'suis', 'est', 'sont', 'pouvoir', 'pu', 'peut'],
    ...['pouvait', 'vouloir', 'voulait', 'veux', 'jour', 'jours', 'an', 'ans', 'année', 'années', 'un', 'une', 'deux'],
    ...['trois', 'premier', 'première', 'dernier', 'dernière', 'oui', 'merci', 'genre', 'partie', 'grand', 'bon'],
    ...['bonne', 'ça', 'cela', 'ceci', 'voilà', 'là', 'ici', 'quand', 'comme'],
    ...['peux', 'pouvais', 'demander', 'demandé', 'sais', 'savoir', 'savais', 'crois', 'pense', 'penser', 'laisser'],
    ...['passer', 'passé', 'commencer', 'commencé', 'continuer', 'veut', 'voulu', 'mis', 'mettre', 'pris', 'prendre'],
  ],
  ar: [
    ...['تقريبا', 'حقا', 'فقط', 'جدا', 'كثيرا', 'قليلا', 'أيضا', 'دائما', 'أبدا', 'أبداً', 'ربما', 'فعلا', 'بالفعل'],
    ...['شيء', 'أشياء', 'شي', 'كل', 'بعض', 'أحد', 'مرة', 'مرات', 'طريقة', 'جزء', 'يوم', 'أيام', 'سنة', 'سنوات'],
    ...['الآن', 'اليوم', 'أمس', 'بعد', 'قبل', 'ثم', 'كان', 'كانت', 'كنت', 'يكون', 'صار', 'أصبح', 'أصبحت'],
    ...['قال', 'قالت', 'قلت', 'ذهب', 'ذهبت', 'جاء', 'جاءت', 'عمل', 'فعل', 'أريد', 'يريد', 'أستطيع', 'يستطيع'],
    ...['واحد', 'واحدة', 'اثنان', 'ثلاثة', 'أول', 'أولى', 'آخر', 'نعم', 'شكرا', 'جيد', 'جيدة', 'كبير', 'هنا', 'هناك'],
  ],
};

const sets = new Map<string, ReadonlySet<string>>();

/** The filler words of a language (lower-case, NFC); empty for a language without a list. */
export function fillersFor(language: string | undefined): ReadonlySet<string> {
  const code = languageCode(language);
  let set = sets.get(code);
  if (!set) {
    // Arabic is written with or without its hamza and vowel marks: both spellings count.
    const words = (FILLERS[code] ?? []).map((w) => w.normalize('NFC').toLowerCase());
    sets.set(code, (set = new Set([...words, ...words.map(foldArabic)])));
  }
  return set;
}
