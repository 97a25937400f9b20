import type { Environment } from "../model/names";

// The policy contract. A policy is a pure function over one resource in the offline plan's shape (type,
// name, inputs, options) and the stack's environment. The same functions back the CrossGuard pack that
// `pulumi preview --policy-pack policy` runs (policy/index.ts) and the offline check `npm run policy`
// (policy/evaluate.ts), so what CI enforces on a live preview is what a laptop checks without a cloud.

export type { Environment };

export interface PolicyResource {
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    /** Resolved inputs. In a plan, secrets are the string "[secret]" and unknowns "[unknown]". */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Resource options; undefined where the source cannot tell (CrossGuard does not see retainOnDelete). */
    readonly options: { readonly protect?: boolean; readonly retainOnDelete?: boolean };
}

export interface PolicyContext {
    readonly environment: Environment;
    /**
     * "plan": the offline plan, where secrets are masked as "[secret]".
     * "live": CrossGuard during `pulumi preview`, which hands policies secrets unwrapped, so checks that
     * need to see whether a value is secret only run on the plan.
     */
    readonly mode: "plan" | "live";
}

export interface PlatformPolicy {
    /** kebab-case, unique; the name CrossGuard prints and policy config files use. */
    readonly name: string;
    /** One line: what the platform promises. */
    readonly description: string;
    /** Resource type tokens the policy reads; every resource when omitted. */
    readonly resourceTypes?: readonly string[];
    /** A production promise only (HA, protection); dev resources are not checked. */
    readonly prodOnly?: boolean;
    /** Never blocks a deployment, in any environment (a recommendation the catalog cannot always meet). */
    readonly advisoryOnly?: boolean;
    /** Needs the plan's secret markers (see PolicyContext.mode). */
    readonly planOnly?: boolean;
    /** Violations, each `path: expected X, got Y`; empty when the resource complies. */
    readonly check: (resource: PolicyResource, ctx: PolicyContext) => readonly string[];
}

export type EnforcementLevel = "advisory" | "mandatory";

export function definePolicy(policy: PlatformPolicy): PlatformPolicy {
    return Object.freeze(policy);
}

/** Whether `policy` looks at `resource` at all in this context. */
export function applies(policy: PlatformPolicy, resource: PolicyResource, ctx: PolicyContext): boolean {
    if (policy.prodOnly && ctx.environment !== "prod") return false;
    if (policy.planOnly && ctx.mode !== "plan") return false;
    return !policy.resourceTypes || policy.resourceTypes.includes(resource.type);
}

/** Mandatory in prod, advisory in dev; advisory-only policies never block. */
export function enforcementLevel(policy: PlatformPolicy, environment: Environment): EnforcementLevel {
    return policy.advisoryOnly || environment !== "prod" ? "advisory" : "mandatory";
}
