/**
 * Short stories in English, French, Arabic and Spanish about three subjects (housing, food, school), four of each subject in
 * each language, written for the tests and bench/languages.ts: the themes should follow the subject, not the language.
 */
import type { Doc } from '../../server/text/types.ts';

export interface MixedStory extends Doc {
  subject: 'housing' | 'food' | 'school';
  language: 'en' | 'fr' | 'ar' | 'es';
}

const STORIES: Record<MixedStory['subject'], Record<MixedStory['language'], string[]>> = {
  housing: {
    en: [
      'The landlord raised the rent again this winter. Our house is damp and the owner never repairs the roof, so we are looking for another flat.',
      'We lived in one room with four children. The rent took half of my wages and the landlord threatened to put us out of the house.',
      'After the flood our home was not safe to live in. The council found us a small flat, but the rent is high and the walls are wet.',
      'My neighbour lost her house when she could not pay the rent. Now she sleeps at her sister’s home and waits for housing from the council.',
    ],
    fr: [
      'Le propriétaire a encore augmenté le loyer cet hiver. Notre maison est humide et le logement est trop petit pour la famille.',
      'Nous habitions une seule pièce avec quatre enfants. Le loyer prenait la moitié de mon salaire et le propriétaire voulait nous mettre dehors.',
      'Après l’inondation, notre maison n’était plus habitable. La mairie nous a trouvé un appartement, mais le loyer est cher et les murs sont humides.',
      'Ma voisine a perdu son logement parce qu’elle ne pouvait plus payer le loyer. Elle dort chez sa sœur et attend un appartement.',
    ],
    ar: [
      'رفع المالك الإيجار مرة أخرى هذا الشتاء. بيتنا رطب والمنزل صغير جدا على العائلة ولا يصلح صاحب البيت السقف.',
      'كنا نسكن في غرفة واحدة مع أربعة أطفال. الإيجار يأخذ نصف راتبي والمالك يهددنا بالطرد من المنزل.',
      'بعد الفيضان لم يعد المنزل صالحا للسكن. وجدت لنا البلدية شقة صغيرة لكن الإيجار غال والجدران رطبة.',
      'فقدت جارتي مسكنها لأنها لم تستطع دفع الإيجار. تنام الآن في بيت أختها وتنتظر شقة من البلدية.',
    ],
    es: [
      'El dueño subió el alquiler otra vez este invierno. Nuestra casa es húmeda y el propietario nunca arregla el techo.',
      'Vivíamos en una sola habitación con cuatro niños. El alquiler se llevaba la mitad de mi sueldo y el dueño quería echarnos de la casa.',
      'Después de la inundación la casa no se podía habitar. El ayuntamiento nos dio un piso pequeño, pero el alquiler es caro y las paredes están mojadas.',
      'Mi vecina perdió su casa porque no podía pagar el alquiler. Ahora duerme en casa de su hermana y espera un piso.',
    ],
  },
  food: {
    en: [
      'Bread and rice cost twice what they did last year. Some days we eat one meal and the children go to bed hungry.',
      'The food bank gives us flour, oil and rice every week. Without it my family would be hungry before the end of the month.',
      'At the market the price of vegetables and meat went up again. I cook soup with bread so there is enough food for everyone.',
      'My mother skips her meal so the children can eat. We buy cheap bread and beans because meat is too expensive now.',
    ],
    fr: [
      'Le pain et le riz coûtent deux fois plus cher que l’an dernier. Certains soirs nous prenons un seul repas et les enfants ont faim.',
      'La banque alimentaire nous donne de la farine, de l’huile et du riz chaque semaine. Sans cette nourriture ma famille aurait faim.',
      'Au marché le prix des légumes et de la viande a encore augmenté. Je fais de la soupe avec du pain pour nourrir tout le monde.',
      'Ma mère saute son repas pour que les enfants puissent manger. Nous achetons du pain et des haricots car la viande est trop chère.',
    ],
    ar: [
      'أصبح سعر الخبز والأرز ضعف ما كان عليه العام الماضي. في بعض الأيام نأكل وجبة واحدة وينام الأطفال جائعين.',
      'يعطينا بنك الطعام الطحين والزيت والأرز كل أسبوع. بدون هذا الطعام ستجوع عائلتي قبل نهاية الشهر.',
      'في السوق ارتفع سعر الخضار واللحم مرة أخرى. أطبخ الحساء مع الخبز حتى يكفي الطعام الجميع.',
      'أمي لا تأكل وجبتها حتى يأكل الأطفال. نشتري الخبز والفول لأن اللحم غال جدا الآن.',
    ],
    es: [
      'El pan y el arroz cuestan el doble que el año pasado. Algunos días comemos una sola comida y los niños se acuestan con hambre.',
      'El banco de alimentos nos da harina, aceite y arroz cada semana. Sin esa comida mi familia pasaría hambre antes de fin de mes.',
      'En el mercado el precio de las verduras y la carne subió otra vez. Hago sopa con pan para que haya comida para todos.',
      'Mi madre no come para que coman los niños. Compramos pan y frijoles porque la carne es demasiado cara.',
    ],
  },
  school: {
    en: [
      'The school is far from our village and the bus stopped running. My daughter walks an hour to her class every morning.',
      'Our teacher left in the middle of the year and the pupils had no lessons for two months. The students fell behind in reading.',
      'My son could not sit the exam because we had no money for the school fees and the books the teacher asked for.',
      'The new teacher stays after class to help the children with their homework. My daughter now loves reading and wants to study at university.',
    ],
    fr: [
      'L’école est loin de notre village et le bus ne passe plus. Ma fille marche une heure pour aller en classe chaque matin.',
      'Notre professeur est parti au milieu de l’année et les élèves n’ont pas eu de leçons pendant deux mois. Les enfants ne savent pas lire.',
      'Mon fils n’a pas pu passer l’examen car nous n’avions pas d’argent pour les frais de l’école et les livres.',
      'Le nouveau professeur reste après la classe pour aider les élèves avec leurs devoirs. Ma fille aime lire et veut étudier à l’université.',
    ],
    ar: [
      'المدرسة بعيدة عن قريتنا والحافلة توقفت. تمشي ابنتي ساعة إلى الفصل كل صباح.',
      'غادر المعلم في منتصف العام ولم يحصل التلاميذ على دروس لمدة شهرين. تأخر الطلاب في القراءة.',
      'لم يستطع ابني دخول الامتحان لأننا لم نملك المال لرسوم المدرسة والكتب التي طلبها المعلم.',
      'المعلم الجديد يبقى بعد الدرس لمساعدة الطلاب في واجباتهم. ابنتي تحب القراءة الآن وتريد الدراسة في الجامعة.',
    ],
    es: [
      'La escuela está lejos de nuestro pueblo y el autobús ya no pasa. Mi hija camina una hora hasta la clase cada mañana.',
      'Nuestro maestro se fue a mitad del año y los alumnos no tuvieron lecciones durante dos meses. Los niños no saben leer.',
      'Mi hijo no pudo hacer el examen porque no teníamos dinero para la escuela ni para los libros que pidió el maestro.',
      'El nuevo maestro se queda después de la clase para ayudar a los alumnos con sus deberes. Mi hija quiere estudiar en la universidad.',
    ],
  },
};

/**
 * Four stories of each subject in each of these languages (English, French and Arabic unless told: 36 stories),
 * subjects and languages interleaved so no order gives the answer away.
 */
export function mixedStories(languages: readonly MixedStory['language'][] = ['en', 'fr', 'ar']): MixedStory[] {
  const out: MixedStory[] = [];
  for (let i = 0; i < 4; i++)
    for (const language of languages)
      for (const subject of ['housing', 'food', 'school'] as const)
        out.push({ id: `${subject}-${language}-${i + 1}`, text: STORIES[subject][language][i]!, subject, language });
  return out;
}
