/**
 * The method templates in Arabic: plain Modern Standard Arabic that reads the same from Morocco to Iraq, and the
 * names the Arabic interface already uses: «التغيير الأكثر أهمية» with its «مجالات التغيير», and «الاستقصاء التقديري»
 * with its 5-D cycle. Questions are asked as "we would like to hear" where they can, so they need no gender. Story
 * codes take Latin letters only: the Arabic names' initials transliterated (TAA for al-Taghyir al-Akthar Ahammiya,
 * IT for al-Istiqsa al-Taqdiri, QS for qissa), as Spanish has CMS, so they never read like an English inquiry's codes.
 */
import type { Method } from '../db/schema.ts';
import type { Template, TemplateQuestion } from './template-types.ts';

const WHO = {
  label: 'ما صفتك؟',
  kind: 'single',
  options: ['مواطن/ة', 'من أفراد الأسرة', 'عامل/ة', 'مسؤول/ة فريق', 'قيادي/ة'],
} as const;
const AGE = {
  label: 'الفئة العمرية',
  kind: 'single',
  options: ['أقل من 18', '18–25', '26–40', '41–65', 'أكثر من 65', 'أفضّل عدم الإجابة'],
} as const;
const PLACE = { label: 'المكان', kind: 'short' } as const;

const CONSENT =
  'نودّ أن نحتفظ بقصتك وأن نستخدمها لنتعلّم ما الذي يتغيّر ولماذا. أنت من يختار كيف تُستخدم: أن تقرأها اللجان ' +
  'التي تختار القصص، وأن تُطبع في ملفات القصص للفعاليات، وأن يُقتبس منها في التقارير، وأن تُشارَك مع الجهات ' +
  'التي تموّلنا، وأن تُنشر. يمكنك ألّا يُذكر اسمك. ويمكنك في أي وقت أن تطلب سحب قصتك، فتُحذف من كل شيء. ' +
  'وإذا سجّلنا المقابلة، تختار أيضًا هل نحتفظ بالتسجيل وهل يجوز للجان أن تستمع إليه.';

const TITLE = {
  kind: 'title',
  prompt: 'ما العنوان الذي تختاره لقصتك؟',
  help: 'كلمات قليلة، بكلمات الراوي نفسه.',
  required: true,
} as const;

export const TEMPLATES_AR: Record<Method, Template> = {
  msc: {
    codePrefix: 'TAA',
    periodWords: 'الأشهر الستة',
    domains: [
      { name: 'التغيّرات في حياة الناس', description: 'التغيّرات في حياة الناس الذين يعمل معهم التحالف.' },
      {
        name: 'التغيّرات في طريقة عمل الخدمات معًا',
        description: 'التغيّرات في طريقة عمل المؤسسات والعاملين فيها بعضهم مع بعض ومع الناس.',
      },
      { name: 'أي تغيير آخر', description: 'أي تغيير آخر له أهمية، إلى الأفضل أو إلى الأسوأ.' },
    ],
    questions: [
      {
        kind: 'story',
        prompt: 'إذا نظرت إلى [period] الماضية، ما التغيير الأكثر أهمية برأيك في [domain]؟',
        help: 'دع الراوي يحكيها على طريقته. اكتب كلماته كما يقولها.',
        required: true,
      },
      {
        kind: 'why',
        prompt: 'لماذا لهذا التغيير أهمية عندك؟',
        help: 'أسبابه، بكلماته هو.',
        required: true,
      },
      {
        kind: 'long',
        prompt: 'ما الفرق الذي أحدثه هذا التغيير، أو الذي سيُحدثه في المستقبل؟',
        help: '',
        required: false,
      },
      {
        kind: 'long',
        prompt: 'إذا نظرت إلى [period] الماضية، هل حدث تغيير إلى الأسوأ؟ نودّ أن نسمع عنه.',
        help: 'اختياري: يمكن أن نسأل عن التغييرات السلبية أيضًا.',
        required: false,
      },
      TITLE,
    ],
    attributes: [WHO, AGE, PLACE],
    consentStatement: CONSENT,
  },
  ai: {
    codePrefix: 'IT',
    periodWords: '',
    domains: [],
    questions: [
      {
        kind: 'story',
        phase: 'discover',
        prompt: 'نودّ أن نسمع عن وقت كان فيه [topic] في أفضل حالاته، حين شعرت بأكبر قدر من المشاركة والفخر. ماذا حدث؟',
        help: 'الاكتشاف: أفضل ما هو موجود. اطلب لحظة حقيقية: من كان حاضرًا وماذا فعل.',
        required: true,
      },
      {
        kind: 'why',
        phase: 'discover',
        prompt: 'ما الذي جعل ذلك ممكنًا؟ وما أكثر ما تقدّره فيه؟',
        help: '',
        required: true,
      },
      { ...TITLE, phase: 'discover', help: '' },
      {
        kind: 'long',
        phase: 'dream',
        prompt: 'تخيّل أنه مرّت ثلاث سنوات وأصبح [topic] كما كنت تتمنى تمامًا. ماذا ترى يحدث؟',
        help: 'الحلم: ما يمكن أن يكون.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'design',
        prompt: 'ما الذي يجب أن يتوفّر، في طريقة عملنا وفي عملنا معًا، حتى يتحقق ذلك؟',
        help: 'التصميم: ما ينبغي أن يكون.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'deliver',
        prompt: 'ما الشيء الذي يمكنك، أو يمكننا، أن نبدأ به من الآن؟',
        help: 'التنفيذ: ما سيكون.',
        required: false,
      },
    ],
    attributes: [WHO, PLACE],
    consentStatement: CONSENT,
  },
  custom: {
    codePrefix: 'QS',
    periodWords: '',
    domains: [],
    questions: [
      { kind: 'story', prompt: 'نودّ أن نسمع قصتك.', help: '', required: true },
      { ...TITLE, help: '' },
    ],
    attributes: [WHO],
    consentStatement: CONSENT,
  },
};

/** What a question says where a placeholder has no value yet, and where the domain is chosen elsewhere. */
export const PROMPT_WORDS_AR = {
  period: 'فترة التقرير',
  domain: 'مجال التغيير المُختار',
  topic: 'هذا الأمر',
  domainChosenAbove: 'مجال التغيير المُختار أعلاه',
  domainTicked: 'المجال المؤشَّر عليه أعلاه',
  areaYouChose: 'المجال الذي اخترته أعلاه',
  lifeOrWork: 'حياتك أو عملك',
  anyOtherChange: 'أي جانب من جوانب الحياة أو العمل',
};

/** The ready set of questions about the teller's own story, in Arabic (see READY_SET in ./templates.ts). */
export const READY_SET_AR: TemplateQuestion[] = [
  {
    kind: 'slider',
    prompt: 'ما شعورك تجاه هذه القصة؟',
    help: '',
    required: false,
    options: ['سيئ جدًا', 'جيد جدًا'],
  },
  {
    kind: 'single',
    prompt: 'متى حدث هذا؟',
    help: '',
    required: false,
    options: ['خلال الشهر الماضي', 'قبل شهر إلى ستة أشهر', 'قبل ستة أشهر إلى سنة', 'قبل أكثر من سنة'],
  },
  {
    kind: 'slider',
    prompt: 'إلى أي حد غيّر هذا الأمور؟',
    help: '',
    required: false,
    options: ['لم يغيّر شيئًا', 'غيّرها كليًا'],
  },
  {
    kind: 'multiple',
    prompt: 'من ينبغي أن يسمع هذه القصة؟',
    help: 'اختر كل ما ينطبق.',
    required: false,
    options: ['أشخاص مثلي', 'العاملون والمتطوعون', 'المسؤولون', 'الجهات المموّلة', 'الجميع'],
  },
  {
    kind: 'single',
    prompt: 'هل تتعلّق هذه القصة أساسًا بشخص، أم بخدمة، أم بمجتمع؟',
    help: '',
    required: false,
    options: ['بشخص', 'بخدمة', 'بمجتمع'],
  },
];
