/** A fresh Hearth with an MSC inquiry whose guide has the ready set of questions about the teller's own story. */
import { loadGuide, type Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Question } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide } from '../helpers/interviews.ts';

export interface SignWorld {
  t: TestApp;
  people: Awaited<ReturnType<typeof makeAlliance>>;
  coordinator: Agent;
  interviewer: Agent;
  guide: Guide;
  base: string;
  inquiryPath: string;
  /** The ready set's questions, by what they ask. */
  feel: Question;
  when: Question;
  change: Question;
  hear: Question;
  about: Question;
}

export async function makeSignWorld(readySet = true): Promise<SignWorld> {
  const t = await testApp();
  const people = await makeAlliance(t.db);
  let guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  const base = `/alliances/${people.alliance.id}`;
  const inquiryPath = `${base}/inquiries/${guide.inquiry.id}`;
  const coordinator = await signedIn(t.app, people.coordinator.email);
  await coordinator.get(inquiryPath);
  const interviewer = await signedIn(t.app, people.interviewer.email);
  await interviewer.get(base);
  if (readySet) {
    const res = await coordinator.post(`${inquiryPath}/questions/ready-set`);
    if (res.statusCode !== 303) throw new Error(`ready set: ${res.statusCode}`);
    guide = await loadGuide(t.db, guide.inquiry);
  }
  const find = (start: string) => guide.questions.find((q) => q.prompt.startsWith(start))!;
  return {
    t,
    people,
    coordinator,
    interviewer,
    guide,
    base,
    inquiryPath,
    feel: find('How do you feel'),
    when: find('How long ago'),
    change: find('How much did'),
    hear: find('Who should hear'),
    about: find('Is this story mostly'),
  };
}
