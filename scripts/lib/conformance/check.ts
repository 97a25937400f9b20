import type { Plan } from "../offline";

/** One conformance check: a named tool run over the offline plans of several stack configs. */
export interface ConformanceCheck {
    tool: string;
    run(plans: NamedPlan[]): Promise<CheckResult> | CheckResult;
}

/** An offline plan with the name of the config it came from (a stack or an example file). */
export interface NamedPlan {
    name: string;
    plan: Plan;
}

/** What a check found: how many things it checked, and one message per problem. */
export interface CheckResult {
    tool: string;
    checked: number;
    errors: string[];
}
