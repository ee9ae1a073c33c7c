/** The codebook's shape as plain logic: the tree, moves without loops, names among siblings, merge plans, tagging choices. */
import { describe, expect, it } from 'vitest';
import { buildTree, canMoveUnder, checkTag, chooseTag, flatten, planMerge } from '../../server/codebook/codebook.ts';

const tag = (id: number, name: string, parent_id: number | null = null) => ({ id, name, parent_id });

describe('the codebook tree (plain logic)', () => {
  const tags = [
    tag(1, 'Housing'),
    tag(2, 'damp', 1),
    tag(3, 'Repairs', 1),
    tag(4, 'Mould', 2),
    tag(5, 'Food'),
    tag(6, 'Orphan', 99),
  ];

  it('nests tags under their parents, siblings in alphabetical order whatever their case; a lost parent puts a tag at the top', () => {
    const flat = flatten(buildTree(tags)).map((n) => `${'  '.repeat(n.depth)}${n.path.join('/')}`);
    expect(flat).toEqual([
      'Food',
      'Housing',
      '  Housing/damp',
      '    Housing/damp/Mould',
      '  Housing/Repairs',
      'Orphan',
    ]);
  });

  it('shows tags caught in a loop at the top rather than losing them', () => {
    const looped = [tag(1, 'A', 2), tag(2, 'B', 1)];
    expect(
      flatten(buildTree(looped))
        .map((n) => n.tag.name)
        .sort(),
    ).toEqual(['A', 'B']);
  });

  it('lets a tag move anywhere but under itself or its own sub-tags', () => {
    expect(canMoveUnder(tags, 1, null)).toBe(true);
    expect(canMoveUnder(tags, 2, 5)).toBe(true);
    expect(canMoveUnder(tags, 1, 1)).toBe(false);
    expect(canMoveUnder(tags, 1, 2)).toBe(false);
    expect(canMoveUnder(tags, 1, 4)).toBe(false);
    expect(checkTag(tags, { name: 'Housing', parentId: 4 }, 1)).toEqual({ parentId: 'codebook.errors.cycle' });
    expect(checkTag(tags, { name: 'Anything', parentId: 42 })).toEqual({ parentId: 'codebook.errors.parent' });
  });

  it('keeps names unique among siblings only, whatever their case', () => {
    expect(checkTag(tags, { name: 'DAMP', parentId: 1 })).toEqual({ name: 'codebook.errors.nameTaken' });
    expect(checkTag(tags, { name: 'damp', parentId: 1 }, 2)).toEqual({}); // itself
    expect(checkTag(tags, { name: 'Damp', parentId: null })).toEqual({});
  });

  it('plans a merge: sub-tags move, a sub-tag whose name is taken there merges into its twin, deepest first', () => {
    const more = [...tags, tag(7, 'Damp', 5), tag(8, 'Winter', 2), tag(9, 'winter', 7)];
    expect(planMerge(more, 1, 5)).toEqual({
      moves: [
        { id: 4, parentId: 7 },
        { id: 3, parentId: 5 },
      ],
      merges: [
        { from: 8, into: 9 },
        { from: 2, into: 7 },
        { from: 1, into: 5 },
      ],
    });
    expect(planMerge(more, 1, 1)).toBeUndefined();
    expect(planMerge(more, 1, 4)).toBeUndefined();
  });

  it('reads a tagging choice: one from the list, or a new name that reuses a tag already called so', () => {
    expect(chooseTag(tags, '5', undefined)).toEqual({ tag: tags[4] });
    expect(chooseTag(tags, undefined, ' food ')).toEqual({ tag: tags[4] });
    expect(chooseTag(tags, undefined, 'mould')).toEqual({ tag: tags[3] });
    expect(chooseTag(tags, undefined, 'Feeling heard')).toEqual({ newName: 'Feeling heard' });
    expect(chooseTag(tags, '5', 'Food')).toEqual({ field: 'newTag', error: 'codebook.errors.oneOrOther' });
    expect(chooseTag(tags, undefined, '  ')).toEqual({ field: 'tagId', error: 'codebook.errors.chooseTag' });
    expect(chooseTag([], undefined, undefined)).toEqual({ field: 'newTag', error: 'codebook.errors.chooseTag' });
    expect(chooseTag(tags, '77', undefined)).toEqual({ field: 'tagId', error: 'codebook.errors.chooseTag' });
    expect(chooseTag([...tags, tag(10, 'Mould', 5)], undefined, 'mould')).toEqual({
      field: 'newTag',
      error: 'codebook.errors.severalNamed',
    });
  });
});
