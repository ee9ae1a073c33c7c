/**
 * The demo's translations by people: two Spanish stories put into English and one English story into Spanish, so
 * a visitor sees a story's words and a translation side by side, a panel's choice and a pack printing both. Pure
 * data, by story title, translated by the demo person named (load-translations.ts).
 */
export interface DemoTranslation {
  /** The story's title in the teller's words. */
  story: string;
  language: string;
  /** Who translated it: a demo person by the start of their email. */
  by: 'coordinator' | 'interviewer' | 'interviewer2' | 'facilitator';
  title: string;
  /** The translation of each answer of the teller's words, by the kind of question it answers. */
  answers: { story: string; why?: string };
}

export const DEMO_TRANSLATIONS: DemoTranslation[] = [
  {
    story: 'Ya puedo hablar con el médico',
    language: 'en',
    by: 'interviewer2',
    title: 'Now I can talk to the doctor',
    answers: {
      story:
        'Before, when I had an appointment at the health centre, I had to take my daughter to translate for me. She is fourteen. She missed school, and she also found out things a mother does not want her daughter to learn like that, all at once.\n\nIn February, at the community centre, they told us you could ask for an interpreter when booking the appointment. Nobody had told us in four years. The first time a lady came on the phone, very kind, and at last I could explain my headaches to the doctor in my own words.\n\nThey changed my medication. Now I sleep better and my daughter goes to class.',
      why: 'Because I became the one who talks about my own body again. Before, I felt like a child, depending on my daughter for everything. Now I ask what I want to ask.',
    },
  },
  {
    story: 'Mi hijo volvió a sonreír en la escuela',
    language: 'en',
    by: 'interviewer2',
    title: 'My son smiled again at school',
    answers: {
      story:
        'When we arrived, Mateo spoke no English at all. At school he stayed quiet in a corner and at home he cried every morning. He said nobody played with him.\n\nThe Kinship worker introduced us to another family from the neighbourhood, from Colombia, with a boy his age. They started walking to school together. Then the school put up a welcome sign in several languages, and Mateo got to write the word in Spanish.\n\nNow he has friends and he corrects my English.',
    },
  },
  {
    story: 'They finally fixed the damp',
    language: 'es',
    by: 'coordinator',
    title: 'Por fin arreglaron la humedad',
    answers: {
      story:
        'Era el cuarto de atrás, el de los niños. Cada invierno la pared detrás de las literas se ponía negra de moho. Yo la limpiaba con lejía y volvía. Llamé tantas veces a la línea de reparaciones que me sabía la música de espera de memoria. Mandaban a alguien, lo miraba, decía que era condensación, que abriera las ventanas, y se iba. Es enero, tengo tres hijos y fuera hace dos bajo cero: no voy a abrir las ventanas.\n\nLo que cambió fue que Tom, de Open Door, vino por otra cosa, por los atrasos del alquiler en realidad, y lo vio. Hizo fotos con el móvil y me dijo: déjamelo a mí. Yo pensé: ya, eso ya lo he oído. Pero dos semanas después vino un perito, uno de verdad, y encontró que el canalón llevaba a saber cuánto tiempo filtrando agua en la pared. Arreglaron el canalón, quitaron el yeso, lo dejaron secar un mes más o menos, y luego lo enlucieron y lo pintaron.\n\nDesde entonces está seco. La tos de Ellie casi se le ha quitado. No me daba cuenta de cuánto era por el cuarto.',
    },
  },
];
