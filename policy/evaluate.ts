import type { Plan, PlanResource } from "../scripts/lib/offline";
import { policies as allPolicies } from "./policies";
import { applies, enforcementLevel, type EnforcementLevel, type Environment, type PlatformPolicy, type PolicyResource } from "./types";

// The offline side of the policy pack: every policy over every resource of a plan.

export interface Violation {
    readonly policy: string;
    readonly level: EnforcementLevel;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly message: string;
}

export function planResource(r: PlanResource): PolicyResource {
    return { type: r.type, name: r.name, urn: r.urn, inputs: r.inputs, options: r.options };
}

/** Violations of `policies` by the custom resources of `plan`, as the stack's environment enforces them. */
export function evaluatePlan(plan: Plan, environment: Environment, policies: readonly PlatformPolicy[] = allPolicies): Violation[] {
    const ctx = { environment, mode: "plan" as const };
    const out: Violation[] = [];
    for (const r of plan.resources.filter((x) => x.custom)) {
        const resource = planResource(r);
        for (const policy of policies) {
            if (!applies(policy, resource, ctx)) continue;
            for (const message of policy.check(resource, ctx)) {
                out.push({
                    policy: policy.name,
                    level: enforcementLevel(policy, environment),
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    message,
                });
            }
        }
    }
    return out;
}

export function formatViolations(violations: readonly Violation[]): string {
    if (violations.length === 0) return "no policy violations";
    return violations.map((v) => `[${v.level}] ${v.policy}: ${v.type.split(":").pop()} ${v.name}: ${v.message}`).join("\n");
}
