/** The shape of the demo's invented stories and inquiries, shared by every demo data file. */
import type { ConsentUse, RecordingUse, StoryRoute } from '../db/schema.ts';

/** Demo people by the part of their email before the @ (see DEMO_PEOPLE). */
export type DemoPerson = 'coordinator' | 'interviewer' | 'interviewer2' | 'facilitator';
/** The MSC template's domains, in order: people's lives, how services work together, any other change. */
export type DemoDomain = 'lives' | 'services' | 'other';
export type DemoStatus = 'draft' | 'recorded' | 'read_back' | 'verified' | 'withdrawn';

export interface DemoStory {
  domain?: DemoDomain;
  /** Missing only from drafts: the teller has not named it yet. */
  title?: string;
  /** The story question's answer, paragraph by paragraph. */
  story: string[];
  why: string;
  /** MSC: "What difference has it made…"; "…was there a change for the worse?". */
  difference?: string;
  worse?: string;
  /** Appreciative Inquiry: the Dream, Design and Deliver answers. */
  dream?: string;
  design?: string;
  deliver?: string;
  teller: {
    name: string;
    who: 'Citizen' | 'Family member' | 'Worker' | 'Manager' | 'Leader';
    age?: string;
    place: string;
  };
  toldOn: string;
  toldWhere: string;
  route: StoryRoute;
  /** Who heard it (or typed it in from paper); none for the public link. */
  interviewer?: DemoPerson;
  partner?: DemoPerson;
  /**
   * What differs from the usual: panels, packs, quotes and funders yes; publish, anonymous, keeping the recording
   * and letting panels hear it no. A story that keeps its recording has one in load-files.ts.
   */
  consent?: Partial<Record<ConsentUse | RecordingUse | 'anonymous', boolean>>;
  status: DemoStatus;
  readBack?: { on: string; changes: string };
  verified?: { on: string; by: DemoPerson; note: string };
  /** Withdrawn at the teller's request after it was recorded. */
  withdrawnBy?: DemoPerson;
}

export interface DemoInquiry {
  title: string;
  method: 'msc' | 'ai';
  /** The language its questions and stories are in, when not English. */
  language?: 'es' | 'fr' | 'ar';
  purpose: string;
  period?: { start: string; end: string; words: string };
  aiTopic?: string;
  /** Open its public storytelling link. */
  publicLink: boolean;
  stories: DemoStory[];
}
