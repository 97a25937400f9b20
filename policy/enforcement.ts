import { policies } from "./policies";
import { enforcementLevel, type Environment } from "./types";

// The policy config file per environment (policy/config/<env>.json), passed as
// `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json`. "all" sets every
// policy's level; advisory-only policies are listed after it so they never block. A test keeps the
// committed files equal to this function.
export function policyPackConfig(environment: Environment): Record<string, string> {
    const all = environment === "prod" ? "mandatory" : "advisory";
    const config: Record<string, string> = { all };
    for (const p of policies) {
        const level = enforcementLevel(p, environment);
        if (level !== all) config[p.name] = level;
    }
    return config;
}
