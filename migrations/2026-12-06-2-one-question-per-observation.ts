/**
 * An observation is taken up in the learning log once: pressing "Add to the learning log as a question" again (or
 * twice at once) must not write a second question. Questions already written twice keep their words; only the
 * first keeps its link back to the observation, so the unique index can be made.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update learning_items set observation_id = null
    where observation_id is not null
      and id > (select min(first.id) from learning_items first where first.observation_id = learning_items.observation_id)`.execute(
    db,
  );
  await db.schema
    .createIndex('learning_items_observation')
    .on('learning_items')
    .column('observation_id')
    .unique()
    .execute();
}
