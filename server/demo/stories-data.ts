/**
 * The demo's stories: invented people telling invented changes, in the words people use. Pure data, read by
 * load-stories.ts. Every person, place detail and service here is fictional; the inquiry titles say so.
 * Words, not logic: a story is a list of paragraphs, answers are keyed by what they answer. The MSC stories are in
 * stories-data-msc-1.ts and -2.ts, the Spanish, French and Arabic inquiries in stories-data-es.ts, -fr.ts and -ar.ts, their shape in demo-story.ts.
 */
import type { DemoInquiry, DemoStory } from './demo-story.ts';
import { ARABIC_INQUIRY } from './stories-data-ar.ts';
import { SPANISH_INQUIRY } from './stories-data-es.ts';
import { FRENCH_INQUIRY } from './stories-data-fr.ts';
import { MSC_STORIES_1 } from './stories-data-msc-1.ts';
import { MSC_STORIES_2 } from './stories-data-msc-2.ts';

export type { DemoDomain, DemoInquiry, DemoPerson, DemoStatus, DemoStory } from './demo-story.ts';

export const MSC_STORIES: DemoStory[] = [...MSC_STORIES_1, ...MSC_STORIES_2];

export const AI_STORIES: DemoStory[] = [
  {
    title: 'The snow week',
    story: [
      'It was the week of the big snow in February. The buses stopped, the gritters never came up our road, and half the people on the estate are over seventy.',
      'Somebody, I think it was Jackie from number 40, put a note through every door on our side saying if you need anything, ring this number. By the Tuesday there was a group chat with about thirty of us in it. The lads from the top flats dug paths to every door. I did soup, I had a big pan going all week. We had a list of who needed their prescriptions picking up and who had no heating, and people just took a name and went.',
      'Nobody organised it, not properly. Nobody was in charge. It just happened.',
    ],
    why: "People knowing each other a little bit already, I think. Enough to knock. And having one person who started it off, who said out loud, right, let's look after each other. After that everyone wanted to help, they just hadn't known how.",
    dream:
      "A group like that that doesn't need snow. Where everyone on the estate knows at least three neighbours by name, and nobody is on their own for a week without someone noticing.",
    design:
      "Somewhere to meet that isn't a meeting. A noticeboard that people actually read. And the council and the housing people helping with little things, like printing, without taking it over.",
    deliver:
      'Keep the group chat going now the snow has gone. I can do the soup again in the autumn, once a month, in the community room.',
    teller: { name: 'Pam', who: 'Citizen', place: 'Eastfield' },
    toldOn: '2026-04-16',
    toldWhere: 'Community room, Eastfield estate',
    route: 'interview',
    interviewer: 'interviewer',
    partner: 'interviewer2',
    status: 'read_back',
    readBack: { on: '2026-04-23', changes: '' },
  },
  {
    title: 'The tool library in the bin store',
    story: [
      "We had an old bin store that wasn't used any more, and a lot of us had tools going rusty in cupboards. A ladder here, a drill there. So a couple of us asked Open Door if we could put shelves in the bin store and lend things out.",
      "Now there's about sixty things in there. Ladders, drills, a wallpaper steamer, a carpet cleaner, a pressure washer. You sign it out in a book. Three of us have keys. Hardly anything has gone missing, one hedge trimmer, and that came back with a note saying sorry.",
      "The best bit is people ask for help with the job as well as the tool. Reg, who's retired, he's put up more shelves in more flats than I can count.",
    ],
    why: 'That people trusted each other with their things, and the housing people trusted us with the space. Nobody asked for a risk assessment. Well, they did, but later.',
    dream:
      'Every block with something like it. Not just tools, skills. A list of who can fix a bike, who can read a letter from the council, who can sit with a kid for an hour.',
    design:
      'A little bit of money for locks and shelves, and someone at the housing office who says yes rather than no.',
    deliver: 'Put a skills list up next to the tool book.',
    teller: { name: 'Ade', who: 'Citizen', place: 'Northbank' },
    toldOn: '2026-04-21',
    toldWhere: 'The tool library, Northbank',
    route: 'interview',
    interviewer: 'interviewer2',
    partner: 'facilitator',
    status: 'recorded',
  },
  {
    title: 'Lifts to the hospital',
    story: [
      "My neighbour across the landing has a car and he works shifts. Since his mum passed he's been giving lifts to the hospital for anyone on our floor who needs one. He won't take petrol money. He says his mum got lifts off people when she was bad and now it's his turn.",
      "Last month he took me for my scan and waited two hours in the car park, then drove me home and came in and made me a cup of tea because I was shaken up. He's about thirty. I'm sixty-eight. We'd hardly said hello before this year.",
    ],
    why: "Him losing his mum, I think, and wanting to do something with it. And being on the same landing. You see each other's doors every day.",
    dream: 'A rota, so it is not all on him. More people with cars doing a run now and then.',
    design: 'Something to make it safe for the drivers, and a way of asking that is not embarrassing.',
    deliver: 'I have said I will make a list of people on the floor who might drive, and ask them.',
    teller: { name: 'Gloria', who: 'Citizen', place: 'Northbank' },
    toldOn: '2026-04-22',
    toldWhere: 'Her flat, Northbank',
    route: 'interview',
    interviewer: 'interviewer',
    partner: 'facilitator',
    status: 'recorded',
  },
  {
    title: 'When the residents ran the fun day',
    story: [
      "I'm a community worker and I've organised the Eastfield fun day for five years. Every year it was me, the bouncy castle, the forms, the lot, and every year about the same sixty people came.",
      'This year I was off sick in the spring, and by the time I was back a group of residents had just taken it on. They did the food themselves: Somali, Caribbean, a proper full English stall. They got the secondary school band. They did it on the grass in the middle of the estate instead of the car park. Over three hundred people came.',
      "I stood at the side and I honestly didn't know whether to be pleased or hurt. I was pleased, in the end.",
    ],
    why: "Me getting out of the way, to be blunt. They'd been waiting to be asked, and I'd never really asked. I'd asked them to help me, not to do it themselves.",
    dream:
      'Residents running most of what happens on the estate, with workers like me in the background with the keys, the insurance and the van.',
    design: 'Workers judged on how much residents do, not how much we do.',
    deliver: 'Ask the fun day group what they want to do next, and then not take it over.',
    teller: { name: 'Kemi', who: 'Worker', place: 'Eastfield' },
    toldOn: '2026-05-05',
    toldWhere: 'Eastfield Community Centre',
    route: 'interview',
    interviewer: 'interviewer2',
    partner: 'interviewer',
    status: 'recorded',
  },
  {
    title: 'She had his key',
    story: [
      "My dad lives on his own in Old Town and I'm forty miles away. His neighbour, Mrs Patel, has had a spare key for years, just for emergencies.",
      "In March she noticed his curtains hadn't opened by ten, which they always do, he's up at six. She let herself in and he was on the kitchen floor, he'd been there most of the night. She rang the ambulance and then me, and she stayed with him until they came and rode with him in it.",
      "The doctors said if he'd been there another day it would have been a different story.",
    ],
    why: "Her noticing the curtains. Knowing his habits. You can't put that in a service. It's just years of being neighbours.",
    dream: 'Everyone living alone with someone nearby who would notice the curtains.',
    deliver: "I've started a key-holder list on his road, so people know who to ask.",
    teller: { name: 'Rachel', who: 'Family member', place: 'Old Town' },
    toldOn: '2026-05-12',
    toldWhere: 'By telephone',
    route: 'interview',
    interviewer: 'interviewer',
    consent: { quotes: false },
    status: 'recorded',
  },
];

export const DEMO_INQUIRIES: DemoInquiry[] = [
  {
    title: 'Changes that mattered, spring 2026 (fictional)',
    method: 'msc',
    purpose:
      'To hear, in their own words, what has changed for the people we work with and for how we work together, from January to June 2026, and to choose together which changes matter most and why. (A fictional demo: every story here is invented.)',
    period: { start: '2026-01-01', end: '2026-06-30', words: 'six months' },
    publicLink: true,
    stories: MSC_STORIES,
  },
  {
    title: 'What works on our estates (fictional)',
    method: 'ai',
    purpose:
      'To discover what already works when neighbours on our estates help each other, dream what it could become, and decide one thing to start. (A fictional demo: every story here is invented.)',
    aiTopic: 'neighbours helping neighbours',
    publicLink: false,
    stories: AI_STORIES,
  },
  SPANISH_INQUIRY,
  FRENCH_INQUIRY,
  ARABIC_INQUIRY,
];
