/**
 * The method templates in Spanish, in the words practitioners in Latin America and Spain use: "Cambio Más
 * Significativo" (CMS) with its "dominios de cambio", and "Indagación Apreciativa" with its 5-D cycle. Questions
 * speak to the storyteller as "usted", which reads as respectful everywhere Spanish is spoken.
 */
import type { Method } from '../db/schema.ts';
import type { Template, TemplateQuestion } from './template-types.ts';

const WHO = {
  label: '¿Quién es usted?',
  kind: 'single',
  options: ['Ciudadano/a', 'Familiar', 'Trabajador/a', 'Responsable de equipo', 'Líder'],
} as const;
const AGE = {
  label: 'Franja de edad',
  kind: 'single',
  options: ['Menos de 18', '18–25', '26–40', '41–65', 'Más de 65', 'Prefiero no decirlo'],
} as const;
const PLACE = { label: 'Lugar', kind: 'short' } as const;

const CONSENT =
  'Nos gustaría guardar su historia y usarla para aprender qué está cambiando y por qué. Usted elige para qué se ' +
  'puede usar: para que la lean los paneles que eligen historias, para imprimirla en paquetes de ' +
  'historias para encuentros, para citarla en informes, para compartirla con las entidades que nos financian y para ' +
  'publicarla. Puede dejar su nombre fuera. Puede pedir en cualquier momento que se retire su historia, y se ' +
  'quitará de todo. Si grabamos la entrevista, también elige si guardamos la grabación y si los paneles pueden ' +
  'escucharla.';

const TITLE = {
  kind: 'title',
  prompt: '¿Qué título le pondría a su historia?',
  help: 'Unas pocas palabras, las de la propia persona narradora.',
  required: true,
} as const;

export const TEMPLATES_ES: Record<Method, Template> = {
  msc: {
    codePrefix: 'CMS',
    periodWords: 'seis meses',
    domains: [
      {
        name: 'Cambios en la vida de las personas',
        description: 'Cambios en la vida de las personas con quienes trabaja la alianza.',
      },
      {
        name: 'Cambios en la forma en que los servicios trabajan juntos',
        description: 'Cambios en cómo las organizaciones y sus equipos trabajan entre sí y con las personas.',
      },
      { name: 'Cualquier otro cambio', description: 'Cualquier otro cambio que importe, para bien o para mal.' },
    ],
    questions: [
      {
        kind: 'story',
        prompt:
          'Mirando hacia atrás en los últimos [period], ¿cuál cree usted que ha sido el cambio más significativo en [domain]?',
        help: 'Deje que la persona lo cuente a su manera. Anote sus palabras tal como las dice.',
        required: true,
      },
      {
        kind: 'why',
        prompt: '¿Por qué es significativo este cambio para usted?',
        help: 'Sus razones, con sus propias palabras.',
        required: true,
      },
      {
        kind: 'long',
        prompt: '¿Qué diferencia ha marcado este cambio, o cuál marcará en el futuro?',
        help: '',
        required: false,
      },
      {
        kind: 'long',
        prompt: 'Mirando hacia atrás en los últimos [period], ¿hubo algún cambio para peor? Cuénteme cómo fue.',
        help: 'Opcional: también se puede preguntar por los cambios negativos.',
        required: false,
      },
      TITLE,
    ],
    attributes: [WHO, AGE, PLACE],
    consentStatement: CONSENT,
  },
  ai: {
    codePrefix: 'IA',
    periodWords: '',
    domains: [],
    questions: [
      {
        kind: 'story',
        phase: 'discover',
        prompt:
          'Cuénteme de un momento en que [topic] estuvo en su mejor momento, cuando usted se sintió más implicado/a y orgulloso/a. ¿Qué pasó?',
        help: 'Descubrir: lo mejor de lo que es. Pida un momento real: quiénes estaban y qué hicieron.',
        required: true,
      },
      {
        kind: 'why',
        phase: 'discover',
        prompt: '¿Qué lo hizo posible? ¿Qué es lo que más valora de aquello?',
        help: '',
        required: true,
      },
      { ...TITLE, phase: 'discover', help: '' },
      {
        kind: 'long',
        phase: 'dream',
        prompt: 'Imagine que han pasado tres años y [topic] es todo lo que usted esperaba. ¿Qué ve que está pasando?',
        help: 'Soñar: lo que podría ser.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'design',
        prompt: '¿Qué tendría que existir, en cómo trabajamos y en cómo trabajamos juntos, para que eso ocurra?',
        help: 'Diseñar: lo que debería ser.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'deliver',
        prompt: '¿Qué es algo que usted, o nosotros, podríamos empezar a hacer desde ahora?',
        help: 'Realizar: lo que será.',
        required: false,
      },
    ],
    attributes: [WHO, PLACE],
    consentStatement: CONSENT,
  },
  custom: {
    codePrefix: 'HIS',
    periodWords: '',
    domains: [],
    questions: [
      { kind: 'story', prompt: 'Cuénteme su historia.', help: '', required: true },
      { ...TITLE, help: '' },
    ],
    attributes: [WHO],
    consentStatement: CONSENT,
  },
};

/** What a question says where a placeholder has no value yet, and where the domain is chosen elsewhere. */
export const PROMPT_WORDS_ES = {
  period: 'periodo del informe',
  domain: 'el dominio de cambio elegido',
  topic: 'esto',
  domainChosenAbove: 'el dominio de cambio elegido arriba',
  domainTicked: 'el dominio marcado arriba',
  areaYouChose: 'el ámbito que eligió arriba',
  lifeOrWork: 'su vida o su trabajo',
  anyOtherChange: 'cualquier ámbito de la vida o del trabajo',
};

/** The ready set of questions about the teller's own story, in Spanish (see READY_SET in ./templates.ts). */
export const READY_SET_ES: TemplateQuestion[] = [
  {
    kind: 'slider',
    prompt: '¿Cómo se siente usted con esta historia?',
    help: '',
    required: false,
    options: ['Muy mal', 'Muy bien'],
  },
  {
    kind: 'single',
    prompt: '¿Hace cuánto tiempo pasó esto?',
    help: '',
    required: false,
    options: ['En el último mes', 'Hace uno a seis meses', 'Hace seis meses a un año', 'Hace más de un año'],
  },
  {
    kind: 'slider',
    prompt: '¿Cuánto cambió esto las cosas?',
    help: '',
    required: false,
    options: ['Nada', 'Por completo'],
  },
  {
    kind: 'multiple',
    prompt: '¿Quién debería escuchar esta historia?',
    help: 'Marque todas las que correspondan.',
    required: false,
    options: ['Personas como yo', 'Trabajadores y voluntarios', 'Responsables', 'Financiadores', 'Todo el mundo'],
  },
  {
    kind: 'single',
    prompt: '¿Esta historia trata sobre todo de una persona, un servicio o una comunidad?',
    help: '',
    required: false,
    options: ['Una persona', 'Un servicio', 'Una comunidad'],
  },
];
