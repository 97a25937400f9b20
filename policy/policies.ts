import { awsPolicies } from "./aws";
import { helmPolicies } from "./helm";
import { kubernetesPolicies } from "./kubernetes";
import { openstackPolicies } from "./openstack";
import { platformPolicies } from "./platform";
import type { PlatformPolicy } from "./types";

// Every policy of the pack, by area. Adding a policy = a definePolicy(...) in its area's file and a case
// in tests/policy.test.ts (the test refuses a policy without one).
export const policies: readonly PlatformPolicy[] = [
    ...awsPolicies,
    ...openstackPolicies,
    ...kubernetesPolicies,
    ...helmPolicies,
    ...platformPolicies,
];
