/**
 * The codebook's shape: tags as a tree (parent and sub-tags), where a tag may move without making a loop, whether
 * a name is free among its siblings, and what merging one tag into another does to their sub-tags. Plain data in,
 * plain data out: the store runs the result.
 */

export interface TagLike {
  id: number;
  parent_id: number | null;
  name: string;
}

export interface TreeNode<T extends TagLike> {
  tag: T;
  /** 0 for a top-level tag. */
  depth: number;
  /** The names from the top down to this tag, e.g. ["Housing", "Damp"]. */
  path: string[];
  children: TreeNode<T>[];
}

const byName = (a: TagLike, b: TagLike) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id;

/**
 * The tags as a tree, siblings in alphabetical order. A tag whose parent is missing (or that sits in a loop,
 * which the routes never make) is shown at the top rather than lost.
 */
export function buildTree<T extends TagLike>(tags: readonly T[]): TreeNode<T>[] {
  const ids = new Set(tags.map((t) => t.id));
  const childrenOf = new Map<number | null, T[]>();
  for (const tag of tags) {
    const parent = tag.parent_id !== null && ids.has(tag.parent_id) && tag.parent_id !== tag.id ? tag.parent_id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), tag]);
  }
  const placed = new Set<number>();
  const grow = (parent: number | null, depth: number, path: string[]): TreeNode<T>[] =>
    [...(childrenOf.get(parent) ?? [])].sort(byName).flatMap((tag) => {
      if (placed.has(tag.id)) return [];
      placed.add(tag.id);
      const here = [...path, tag.name];
      return [{ tag, depth, path: here, children: grow(tag.id, depth + 1, here) }];
    });
  const roots = grow(null, 0, []);
  // Anything not reached sits in a loop: show it at the top level.
  for (const tag of tags) {
    if (placed.has(tag.id)) continue;
    placed.add(tag.id);
    roots.push({ tag, depth: 0, path: [tag.name], children: grow(tag.id, 1, [tag.name]) });
  }
  return roots;
}

/** The tree in reading order, one entry per tag (for menus and tables). */
export function flatten<T extends TagLike>(tree: readonly TreeNode<T>[]): TreeNode<T>[] {
  return tree.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The ids of every tag below this one (its sub-tags, their sub-tags…). */
export function descendantsOf(tags: readonly TagLike[], id: number): Set<number> {
  const found = new Set<number>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = tags
      .filter((t) => t.parent_id !== null && frontier.includes(t.parent_id) && !found.has(t.id) && t.id !== id)
      .map((t) => t.id);
    for (const n of next) found.add(n);
    frontier = next;
  }
  return found;
}

/** May this tag go under that parent (null: the top level)? Not under itself, nor under anything below it. */
export function canMoveUnder(tags: readonly TagLike[], id: number, parentId: number | null): boolean {
  if (parentId === null) return true;
  return parentId !== id && !descendantsOf(tags, id).has(parentId);
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The sibling under this parent that already has this name (whatever its case), other than `exceptId`. */
export function siblingNamed<T extends TagLike>(
  tags: readonly T[],
  parentId: number | null,
  name: string,
  exceptId?: number,
): T | undefined {
  return tags.find((t) => t.id !== exceptId && t.parent_id === parentId && same(t.name.trim(), name.trim()));
}

export interface MergePlan {
  /** Sub-tags that simply move under a new parent. */
  moves: { id: number; parentId: number }[];
  /** Tags whose story tags go to another, after which they are deleted; sub-tags' merges come first. */
  merges: { from: number; into: number }[];
}

/**
 * Merging `from` into `into`: from's sub-tags move under `into`; one whose name `into` already has among its
 * sub-tags is merged into that one instead (and so on down), so no two siblings end up with the same name.
 * Undefined when the merge would make a loop (into is from, or below it).
 */
export function planMerge(tags: readonly TagLike[], from: number, into: number): MergePlan | undefined {
  if (from === into || descendantsOf(tags, from).has(into)) return undefined;
  const plan: MergePlan = { moves: [], merges: [] };
  const visit = (source: number, target: number) => {
    for (const child of tags.filter((t) => t.parent_id === source)) {
      const twin = siblingNamed(tags, target, child.name);
      if (twin) visit(child.id, twin.id);
      else plan.moves.push({ id: child.id, parentId: target });
    }
    plan.merges.push({ from: source, into: target });
  };
  visit(from, into);
  return plan;
}

/** The sub-tags that would clash by name with a sibling if this tag were deleted and they moved up to its parent. */
export function clashesOnDelete<T extends TagLike>(tags: readonly T[], tag: TagLike): T[] {
  return tags.filter((child) => child.parent_id === tag.id && siblingNamed(tags, tag.parent_id, child.name, tag.id));
}

export type TagChoiceResult<T> = { tag: T } | { newName: string } | { field: 'tagId' | 'newTag'; error: string };

/**
 * Which tag a tagging form means: one picked from the codebook, or a name typed for a new one — one, not both.
 * A typed name that a tag already has is that tag (a top-level one first; if only sub-tags have it, the only one),
 * so typing a name twice never makes two tags.
 */
export function chooseTag<T extends TagLike>(
  tags: readonly T[],
  tagId: string | undefined,
  newTag: string | undefined,
): TagChoiceResult<T> {
  const name = newTag?.trim() ?? '';
  if (tagId && name) return { field: 'newTag', error: 'codebook.errors.oneOrOther' };
  if (tagId) {
    const tag = tags.find((t) => t.id === Number(tagId));
    return tag ? { tag } : { field: 'tagId', error: 'codebook.errors.chooseTag' };
  }
  // With an empty codebook there is no menu to choose from, only the box for a new name.
  if (!name) return { field: tags.length > 0 ? 'tagId' : 'newTag', error: 'codebook.errors.chooseTag' };
  const top = siblingNamed(tags, null, name);
  if (top) return { tag: top };
  const named = tags.filter((t) => same(t.name.trim(), name));
  if (named.length === 1) return { tag: named[0]! };
  if (named.length > 1) return { field: 'newTag', error: 'codebook.errors.severalNamed' };
  return { newName: name };
}

/** What is wrong with a tag's new name and place (field -> message key): parent unknown or a loop, name taken among siblings. */
export function checkTag(
  tags: readonly TagLike[],
  fields: { name: string; parentId: number | null },
  id?: number,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (fields.parentId !== null && !tags.some((t) => t.id === fields.parentId))
    errors.parentId = 'codebook.errors.parent';
  else if (id !== undefined && !canMoveUnder(tags, id, fields.parentId)) errors.parentId = 'codebook.errors.cycle';
  if (siblingNamed(tags, fields.parentId, fields.name, id)) errors.name = 'codebook.errors.nameTaken';
  return errors;
}
