import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicy } from "./crossguard";
import { policies } from "./policies";

// The CrossGuard policy pack, run by `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json`
// (CI does this for every stack). The policies are the pure functions in this directory; `npm run policy`
// runs the same functions over the offline plan.
new PolicyPack("groundwork", { policies: policies.map(crossGuardPolicy) });
