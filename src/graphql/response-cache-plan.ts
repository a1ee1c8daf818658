import { createHash } from 'node:crypto';
import { Kind, parse, print, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { requestDuration } from '../infrastructure/http/metrics';

/**
 * A root Query field whose whole answer is public: the same for every caller, signed in or not.
 * Only such fields may be listed; anything that reads the caller must never be.
 */
export interface CacheableField {
  field: string;
  /** Redis keys whose value changes (INCR) whenever data behind the answer changes. */
  generationKeys: readonly string[];
  /** A key part for what else the answer depends on, e.g. the current UTC day. */
  vary?: () => string;
}

/** What a cacheable query document asks for: which generation keys and `vary` parts tag its answer. */
export interface Plan {
  id: string;
  /** sha256 of the normalized document (graphql print) and operation name. */
  hash: string;
  keyIndexes: number[];
  varies: Array<() => string>;
  timer: ReturnType<typeof requestDuration.labels>;
}

/** Analyses query documents against the allowlisted fields, remembering the last `maxPlans` answers. */
export class QueryPlans {
  private readonly fields = new Map<string, CacheableField>();
  private readonly keyIndex = new Map<string, number>();
  private readonly plans = new Map<string, Plan | null>();
  private nextPlanId = 0;

  constructor(fields: CacheableField[], private readonly maxPlans: number, private readonly maxTokens = 3_000) {
    for (const field of fields) {
      this.fields.set(field.field, field);
      for (const key of field.generationKeys) if (!this.keyIndex.has(key)) this.keyIndex.set(key, this.keyIndex.size);
    }
  }

  /** Every generation key of every field, in the order `Plan.keyIndexes` refers to. */
  get generationKeys(): string[] {
    return [...this.keyIndex.keys()];
  }

  /** Which allowlisted fields a document asks for; null when it is not a cacheable query. */
  plan(query: string, operationName: string | undefined): Plan | null {
    // JSON, not a separator: an operation name holding a newline cannot pose as part of the query.
    const planKey = JSON.stringify([operationName ?? null, query]);
    const known = this.plans.get(planKey);
    if (known !== undefined) return known;
    const plan = this.analyse(query, operationName);
    if (this.plans.size >= this.maxPlans) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(planKey, plan);
    return plan;
  }

  private analyse(query: string, operationName: string | undefined): Plan | null {
    let document;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch {
      return null; // Apollo answers the syntax error (or the token limit)
    }
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName === undefined
      ? (operations.length === 1 ? operations[0] : undefined)
      : operations.find((o) => o.name?.value === operationName);
    if (!operation || operation.operation !== 'query') return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const names = new Set<string>();
    if (!rootFields(operation.selectionSet, fragments, names, new Set())) return null;
    const fields = [...names].map((name) => this.fields.get(name));
    if (fields.length === 0 || fields.some((f) => f === undefined)) return null;
    const keyIndexes = [...new Set(fields.flatMap((f) => f!.generationKeys.map((k) => this.keyIndex.get(k)!)))].sort((a, b) => a - b);
    return {
      id: String(this.nextPlanId++),
      hash: sha256(JSON.stringify([print(document), operationName ?? null])),
      keyIndexes,
      varies: fields.flatMap((f) => (f!.vary ? [f!.vary] : [])),
      timer: requestDuration.labels(operationName ?? 'anonymous', 'query', 'cached'),
    };
  }
}

/** The tag an entry for `plan` carries now: the epoch, its generations and its `vary` parts. */
export function planTag(plan: Plan, epoch: number, generations: string[]): string {
  let tag = String(epoch);
  for (const i of plan.keyIndexes) tag += `.${generations[i]}`;
  for (const vary of plan.varies) tag += `|${vary()}`;
  return tag;
}

function rootFields(
  set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, names: Set<string>, seen: Set<string>,
): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!rootFields(selection.selectionSet, fragments, names, seen)) return false;
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment) return false;
      if (seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      if (!rootFields(fragment.selectionSet, fragments, names, seen)) return false;
    }
  }
  return true;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
