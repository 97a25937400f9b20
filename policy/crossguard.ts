import type { ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOfStack, stackOfUrn } from "./environment";
import { applies, enforcementLevel, type PlatformPolicy } from "./types";

// Adapts a pure platform policy to CrossGuard's validateResource. The level written here is prod's;
// policy/config/dev.json turns everything advisory for dev stacks (see enforcement.ts).
export function crossGuardPolicy(policy: PlatformPolicy): ResourceValidationPolicy & { validateResource: ResourceValidation } {
    return {
        name: policy.name,
        description: policy.description,
        enforcementLevel: enforcementLevel(policy, "prod"),
        validateResource: (args, reportViolation) => {
            const ctx = { environment: environmentOfStack(stackOfUrn(args.urn)), mode: "live" as const };
            const resource = {
                type: args.type,
                name: args.name,
                urn: args.urn,
                inputs: args.props,
                // CrossGuard exposes protect but not retainOnDelete.
                options: { protect: args.opts.protect, retainOnDelete: undefined },
            };
            if (!applies(policy, resource, ctx)) return;
            for (const message of policy.check(resource, ctx)) reportViolation(message);
        },
    };
}
