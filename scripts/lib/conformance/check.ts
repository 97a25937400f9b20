import type { Plan } from "../offline";

// The shape every conformance check has: it takes the plans of every shipped config and feeds the artifacts
// they contain to the program that consumes them in production. Adding a check is one line in ./registry.ts.

export interface NamedPlan {
    /** Where the config came from: "prod", "examples/openstack-vms-kubeadm-vault.yaml", … */
    name: string;
    plan: Plan;
}

export interface CheckResult {
    /** What ran, as printed: "promtool check rules". */
    tool: string;
    /** How many artifacts it checked. */
    checked: number;
    /** One line per problem, naming the plan and the artifact. */
    errors: string[];
    /** What `checked` counts ("rule groups", "scripts"); defaults to "artifacts". */
    unit?: string;
    /** What the check knowingly left out, and why: printed with the counts, so a gap is never silent. */
    notChecked?: string[];
}

export interface ConformanceCheck {
    tool: string;
    run(plans: NamedPlan[]): Promise<CheckResult> | CheckResult;
}
