/**
 * The demo's Spanish inquiry: invented Spanish-speaking neighbours of the fictional Riverside alliance telling
 * invented changes, so a visitor who reads Hearth in Spanish finds stories in Spanish too. Pure data, read by
 * load-stories.ts; "who" and age bands name the template's choices as the English data does (they are shown in
 * the inquiry's own language).
 */
import type { DemoInquiry, DemoStory } from './demo-story.ts';

export const SPANISH_STORIES: DemoStory[] = [
  {
    domain: 'lives',
    title: 'Ya puedo hablar con el médico',
    story: [
      'Antes, cuando tenía cita en el centro de salud, tenía que llevar a mi hija para que me tradujera. Ella tiene catorce años. Faltaba al colegio y además se enteraba de cosas que una madre no quiere que su hija sepa así, de golpe.',
      'En febrero, en el centro comunitario nos dijeron que se podía pedir intérprete al pedir la cita. Nadie nos lo había dicho en cuatro años. La primera vez vino una señora por teléfono, muy amable, y por fin le pude explicar al médico lo de mis dolores de cabeza con mis propias palabras.',
      'Me cambiaron la medicación. Ahora duermo mejor y mi hija va a clase.',
    ],
    why: 'Porque volví a ser yo la que habla de mi cuerpo. Antes me sentía como una niña, dependiendo de mi hija para todo. Ahora pregunto lo que quiero preguntar.',
    difference:
      'Se lo he contado a otras mujeres del grupo y tres ya han pedido intérprete. Una de ellas llevaba un año sin ir al médico por vergüenza.',
    teller: { name: 'Rosa', who: 'Citizen', age: '41–65', place: 'Eastfield' },
    toldOn: '2026-03-12',
    toldWhere: 'Centro comunitario de Eastfield',
    route: 'interview',
    interviewer: 'interviewer2',
    partner: 'facilitator',
    status: 'read_back',
    readBack: { on: '2026-03-19', changes: 'Pidió que se añadiera que su hija ahora va a clase.' },
  },
  {
    domain: 'lives',
    title: 'Mi hijo volvió a sonreír en la escuela',
    story: [
      'Cuando llegamos, Mateo no hablaba nada de inglés. En la escuela se quedaba callado en un rincón y en casa lloraba todas las mañanas. Decía que nadie jugaba con él.',
      'La trabajadora de Kinship nos presentó a otra familia del barrio, de Colombia, con un niño de su edad. Empezaron a ir juntos a la escuela caminando. Luego la escuela puso un cartel de bienvenida en varios idiomas y a Mateo le tocó escribir la palabra en español.',
      'Ahora ya tiene amigos y me corrige el inglés.',
    ],
    why: 'Porque como madre lo peor es ver a tu hijo triste y no poder hacer nada. Una cosa tan pequeña como caminar con otro niño lo cambió todo.',
    teller: { name: 'Marisol', who: 'Family member', age: '26–40', place: 'Northbank' },
    toldOn: '2026-04-02',
    toldWhere: 'En su casa, en Northbank',
    route: 'interview',
    interviewer: 'interviewer2',
    consent: { anonymous: true },
    status: 'recorded',
  },
  {
    domain: 'services',
    title: 'Una sola cita en lugar de cuatro ventanillas',
    story: [
      'Trabajo en el banco de alimentos de Northbank. Antes, si venía una familia que no hablaba inglés, le dábamos la comida y poco más. Sabíamos que necesitaban ayuda con la vivienda o con las prestaciones, pero cada cosa era en un sitio distinto y con un formulario distinto.',
      'Desde marzo, los martes hay una mesa compartida: Open Door, el ayuntamiento y Kinship se sientan juntos en el mismo salón, y yo hago de puente en español. La familia cuenta su situación una vez y sale con una cita, no con cuatro direcciones apuntadas en un papel.',
    ],
    why: 'Porque he visto a gente rendirse por cansancio, no por falta de derechos. Contar tu historia cuatro veces a cuatro personas distintas agota a cualquiera.',
    difference: 'Las familias vuelven. Antes venían una vez y desaparecían.',
    worse: 'Los martes se llena y algunos se van sin que los atiendan. Haría falta otro día.',
    teller: { name: 'Jorge', who: 'Worker', age: '41–65', place: 'Northbank' },
    toldOn: '2026-04-21',
    toldWhere: 'Banco de alimentos de Northbank',
    route: 'interview',
    interviewer: 'interviewer',
    partner: 'interviewer2',
    status: 'verified',
    readBack: { on: '2026-04-28', changes: '' },
    verified: {
      on: '2026-05-06',
      by: 'coordinator',
      note: 'Contada en el banco de alimentos y releída una semana después sin cambios. La mesa compartida de los martes figura en el acta de la alianza de marzo.',
    },
  },
  {
    domain: 'services',
    title: 'Las cartas llegan en español',
    story: [
      'Las cartas del ayuntamiento siempre me daban miedo. Una vez no entendí una sobre el alquiler y casi pierdo el piso. Ahora, cuando las pido, me las mandan también en español, y al final viene un número para llamar a alguien que me lo explica.',
    ],
    why: 'Porque entender una carta a tiempo es la diferencia entre arreglar algo y perderlo todo.',
    teller: { name: 'Luis', who: 'Citizen', age: '18–25', place: 'Riverside' },
    toldOn: '2026-05-08',
    toldWhere: 'Por el enlace público',
    route: 'public',
    consent: { funders: false, anonymous: true },
    status: 'recorded',
  },
  {
    domain: 'other',
    title: 'El grupo de costura de los jueves',
    story: [
      'Yo llegué sola, viuda, y los inviernos aquí son largos. Pasaba semanas sin hablar con nadie más que con la cajera del supermercado.',
      'Una vecina me llevó al grupo de costura que empezó en la biblioteca. Somos mujeres de seis países. Cosemos, tomamos té y nos reímos mucho, cada una en su inglés. Ahora hacemos mantas para el hospital.',
    ],
    why: 'Porque volví a tener un motivo para vestirme y salir de casa. Y porque ahora soy yo la que lleva a las nuevas.',
    teller: { name: 'Carmen', who: 'Citizen', age: 'Over 65', place: 'Old Town' },
    toldOn: '2026-05-21',
    toldWhere: 'Biblioteca de Old Town',
    route: 'interview',
    interviewer: 'interviewer',
    consent: { publish: true },
    status: 'recorded',
  },
  {
    domain: 'other',
    title: 'Todavía nadie contesta el teléfono',
    story: [
      'Lo bueno es que ahora hay información en español en la web. Lo malo es que cuando llamas a la línea de reparaciones nadie habla español y te cuelgan o te dejan esperando. Llevo desde abril con la calefacción rota.',
    ],
    why: 'Porque de nada sirve un folleto en tu idioma si cuando llamas nadie te entiende. Lo cuento para que se sepa que todavía falta.',
    teller: { name: 'Beatriz', who: 'Family member', age: '26–40', place: 'Eastfield' },
    toldOn: '2026-06-04',
    toldWhere: 'Centro comunitario de Eastfield',
    route: 'paper',
    interviewer: 'interviewer2',
    consent: { quotes: false },
    status: 'recorded',
  },
];

export const SPANISH_INQUIRY: DemoInquiry = {
  title: 'Cambios que importan en la comunidad hispanohablante, 2026 (ficticio)',
  method: 'msc',
  language: 'es',
  purpose:
    'Escuchar, con sus propias palabras, qué ha cambiado de enero a junio de 2026 para las familias hispanohablantes con quienes trabajamos, y elegir juntos qué cambios importan más y por qué. (Una demostración ficticia: todas las historias son inventadas.)',
  period: { start: '2026-01-01', end: '2026-06-30', words: 'seis meses' },
  publicLink: true,
  stories: SPANISH_STORIES,
};
