/**
 * The method templates in French, in the words used by French-speaking practitioners from Lyon to Dakar and
 * Montréal: « Changement le plus significatif » (CPS) with its « domaines de changement », and « Enquête
 * appréciative » with its 5-D cycle; the consent statement names the uses as the French interface does (panels,
 * dossiers de récits). Questions say "vous", which is respectful everywhere French is spoken.
 */
import type { Method } from '../db/schema.ts';
import type { Template, TemplateQuestion } from './template-types.ts';

const WHO = {
  label: 'Qui êtes-vous ?',
  kind: 'single',
  options: ['Habitant·e', 'Membre de la famille', 'Professionnel·le', 'Responsable d’équipe', 'Dirigeant·e'],
} as const;
const AGE = {
  label: 'Tranche d’âge',
  kind: 'single',
  options: ['Moins de 18 ans', '18–25', '26–40', '41–65', 'Plus de 65 ans', 'Je préfère ne pas le dire'],
} as const;
const PLACE = { label: 'Lieu', kind: 'short' } as const;

const CONSENT =
  'Nous aimerions garder votre histoire et nous en servir pour comprendre ce qui change et pourquoi. C’est vous qui ' +
  'choisissez à quoi elle peut servir : être lue par les panels qui choisissent les récits, être imprimée dans des ' +
  'dossiers de récits pour des événements, être citée dans des rapports, être partagée avec ceux qui nous ' +
  'financent, et être publiée. Votre nom peut ne pas y figurer. Vous pouvez demander à tout moment que votre ' +
  'histoire soit retirée, et elle sera effacée de partout. Si nous enregistrons l’entretien, vous choisissez aussi ' +
  'si nous gardons l’enregistrement et si les panels peuvent l’écouter.';

const TITLE = {
  kind: 'title',
  prompt: 'Quel titre donneriez-vous à votre histoire ?',
  help: 'Quelques mots, ceux de la personne qui raconte.',
  required: true,
} as const;

export const TEMPLATES_FR: Record<Method, Template> = {
  msc: {
    codePrefix: 'CPS',
    periodWords: 'six mois',
    domains: [
      {
        name: 'Changements dans la vie des personnes',
        description: 'Changements dans la vie des personnes avec qui l’alliance travaille.',
      },
      {
        name: 'Changements dans la façon dont les services travaillent ensemble',
        description:
          'Changements dans la façon dont les structures et leurs équipes travaillent entre elles et avec les gens.',
      },
      { name: 'Tout autre changement', description: 'Tout autre changement qui compte, en bien ou en mal.' },
    ],
    questions: [
      {
        kind: 'story',
        prompt:
          'Si vous repensez aux [period] qui viennent de passer, quel a été selon vous le changement le plus significatif dans [domain] ?',
        help: 'Laissez la personne raconter à sa façon. Notez ses mots tels qu’elle les dit.',
        required: true,
      },
      {
        kind: 'why',
        prompt: 'Pourquoi ce changement compte-t-il pour vous ?',
        help: 'Ses raisons, avec ses propres mots.',
        required: true,
      },
      {
        kind: 'long',
        prompt: 'Quelle différence ce changement a-t-il faite, ou fera-t-il à l’avenir ?',
        help: '',
        required: false,
      },
      {
        kind: 'long',
        prompt:
          'Si vous repensez aux [period] qui viennent de passer, y a-t-il eu un changement en pire ? Racontez-moi.',
        help: 'Facultatif : on peut aussi demander les changements négatifs.',
        required: false,
      },
      TITLE,
    ],
    attributes: [WHO, AGE, PLACE],
    consentStatement: CONSENT,
  },
  ai: {
    codePrefix: 'EA',
    periodWords: '',
    domains: [],
    questions: [
      {
        kind: 'story',
        phase: 'discover',
        prompt:
          'Racontez-moi un moment où [topic] était à son meilleur, où vous vous êtes senti·e le plus engagé·e et fier·e. Que s’est-il passé ?',
        help: 'Découvrir : le meilleur de ce qui est. Demandez un moment réel : qui était là et ce qu’ils ont fait.',
        required: true,
      },
      {
        kind: 'why',
        phase: 'discover',
        prompt: 'Qu’est-ce qui a rendu cela possible ? À quoi tenez-vous le plus dans ce moment ?',
        help: '',
        required: true,
      },
      { ...TITLE, phase: 'discover', help: '' },
      {
        kind: 'long',
        phase: 'dream',
        prompt:
          'Imaginez : nous sommes dans trois ans et [topic] est tout ce que vous espériez. Que voyez-vous se passer ?',
        help: 'Rêver : ce qui pourrait être.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'design',
        prompt:
          'Que faudrait-il mettre en place, dans notre façon de travailler et de travailler ensemble, pour y arriver ?',
        help: 'Concevoir : ce qui devrait être.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'deliver',
        prompt: 'Quelle est une chose que vous, ou nous, pourrions commencer à faire dès maintenant ?',
        help: 'Déployer : ce qui sera.',
        required: false,
      },
    ],
    attributes: [WHO, PLACE],
    consentStatement: CONSENT,
  },
  custom: {
    codePrefix: 'REC',
    periodWords: '',
    domains: [],
    questions: [
      { kind: 'story', prompt: 'Racontez-moi votre histoire.', help: '', required: true },
      { ...TITLE, help: '' },
    ],
    attributes: [WHO],
    consentStatement: CONSENT,
  },
};

/** What a question says where a placeholder has no value yet, and where the domain is chosen elsewhere. */
export const PROMPT_WORDS_FR = {
  period: 'mois de la période',
  domain: 'le domaine de changement choisi',
  topic: 'cela',
  domainChosenAbove: 'le domaine de changement choisi ci-dessus',
  domainTicked: 'le domaine coché ci-dessus',
  areaYouChose: 'le domaine que vous avez choisi ci-dessus',
  lifeOrWork: 'votre vie ou votre travail',
  anyOtherChange: 'n’importe quel domaine de la vie ou du travail',
};

/** The ready set of questions about the teller's own story, in French (see READY_SET in ./templates.ts). */
export const READY_SET_FR: TemplateQuestion[] = [
  {
    kind: 'slider',
    prompt: 'Que ressentez-vous à propos de cette histoire ?',
    help: '',
    required: false,
    options: ['Très mal', 'Très bien'],
  },
  {
    kind: 'single',
    prompt: 'Il y a combien de temps que cela s’est passé ?',
    help: '',
    required: false,
    options: ['Au cours du dernier mois', 'Il y a un à six mois', 'Il y a six mois à un an', 'Il y a plus d’un an'],
  },
  {
    kind: 'slider',
    prompt: 'À quel point cela a-t-il changé les choses ?',
    help: '',
    required: false,
    options: ['Pas du tout', 'Complètement'],
  },
  {
    kind: 'multiple',
    prompt: 'Qui devrait entendre cette histoire ?',
    help: 'Cochez tout ce qui convient.',
    required: false,
    options: [
      'Des gens comme moi',
      'Les professionnels et les bénévoles',
      'Les responsables',
      'Les financeurs',
      'Tout le monde',
    ],
  },
  {
    kind: 'single',
    prompt: 'Cette histoire parle-t-elle surtout d’une personne, d’un service ou d’une communauté ?',
    help: '',
    required: false,
    options: ['D’une personne', 'D’un service', 'D’une communauté'],
  },
];
