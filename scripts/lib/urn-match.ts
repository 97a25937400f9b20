import type { PlanResource } from "./offline";
import { qualifiedType, rootStackType, urnName, urnType } from "./engine-urn";

// Which resource of a new plan the engine takes for which resource of the old one. The engine looks a
// registration up in the old state by its URN first, then by each of its aliases; an old resource nobody
// claims is deleted, a new one without an old one is created. Also: how to keep a URN that changed.

/** New URN → the old URN the engine would match it to (itself, or the first alias present in the old plan). */
export function matchOldUrns(oldUrns: ReadonlySet<string>, current: readonly PlanResource[]): Map<string, string> {
    const oldOf = new Map<string, string>();
    const claimed = new Set<string>();
    const own = new Set(current.map((r) => r.urn).filter((urn) => oldUrns.has(urn)));
    for (const r of current) {
        if (own.has(r.urn)) {
            oldOf.set(r.urn, r.urn);
            claimed.add(r.urn);
        }
    }
    for (const r of current) {
        if (own.has(r.urn)) continue;
        const alias = (r.aliases ?? []).find((a) => oldUrns.has(a) && !claimed.has(a));
        if (alias) {
            oldOf.set(r.urn, alias);
            claimed.add(alias);
        }
    }
    return oldOf;
}

/** The ancestor types of a URN, outermost first (the root Stack is never part of a URN). */
const ancestorTypes = (urn: string) => qualifiedType(urn).split("$").slice(0, -1);

/**
 * The resource of `current` that most likely is the old URN's resource under a new URN: same name and own
 * type (moved under a renamed or other parent), else same name and same ancestors (its own type renamed).
 */
export function successorOf(oldUrn: string, current: readonly PlanResource[]): PlanResource | undefined {
    const named = current.filter((r) => r.name === urnName(oldUrn) && r.urn !== oldUrn);
    const sameType = named.filter((r) => r.type === urnType(oldUrn));
    if (sameType.length === 1) return sameType[0];
    const sameAncestors = named.filter((r) => ancestorTypes(r.urn).join("$") === ancestorTypes(oldUrn).join("$"));
    return sameAncestors.length === 1 ? sameAncestors[0] : undefined;
}

/** The `aliases` option that keeps the old URN, said so a reader can paste it, and on which resource. */
export function aliasFix(oldUrn: string, successor: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): string {
    const oldAncestors = ancestorTypes(oldUrn);
    const newAncestors = ancestorTypes(successor.urn);
    const on = (r: PlanResource) => `to ${r.type} "${r.name}"${r.custom ? "" : " (its children inherit it)"}`;
    const fixes: string[] = [];
    if (oldAncestors.join("$") !== newAncestors.join("$")) {
        const ancestors = ancestorChain(successor, byUrn);
        const sameDepth = oldAncestors.length === newAncestors.length;
        const renamed = sameDepth ? oldAncestors.findIndex((t, i) => t !== newAncestors[i]) : -1;
        if (renamed >= 0 && ancestors[renamed]) {
            fixes.push(`add aliases: [{ type: "${oldAncestors[renamed]}" }] ${on(ancestors[renamed])}`);
        } else {
            const fromStack = oldAncestors.length === 0;
            const spec = fromStack ? "{ parent: pulumi.rootStackResource }" : "{ parent: <the old parent or its URN> }";
            const from = fromStack ? "the stack" : `under a ${oldAncestors[oldAncestors.length - 1]}`;
            fixes.push(`it moved from ${from}: add aliases: [${spec}] ${on(successor)}`);
        }
    }
    const [oldType, oldName] = [urnType(oldUrn), urnName(oldUrn)];
    if (oldType !== successor.type) fixes.push(`add aliases: [{ type: "${oldType}" }] ${on(successor)}`);
    if (oldName !== successor.name) fixes.push(`add aliases: [{ name: "${oldName}" }] ${on(successor)}`);
    return fixes.join("; ");
}

/** What the old URN became and the alias that keeps it. */
export function aliasAdvice(oldUrn: string, successor: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): string {
    return `now ${successor.urn}; ${aliasFix(oldUrn, successor, byUrn)}`;
}

/** The resource's component ancestors, outermost first, without the root Stack. */
function ancestorChain(r: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): PlanResource[] {
    const chain: PlanResource[] = [];
    let parent = r.parent ? byUrn.get(r.parent) : undefined;
    while (parent && parent.type !== rootStackType) {
        chain.unshift(parent);
        parent = parent.parent ? byUrn.get(parent.parent) : undefined;
    }
    return chain;
}
