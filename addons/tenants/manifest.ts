import { defineAddon } from "../../config/addon-manifest";
import { tenantsProblems, tenantsSettings } from "./tenancy-settings";

// The security baseline for application namespaces (the EKS and Magnum (Jetstream2) reference platforms): each tenant namespace gets Pod
// Security Admission labels, default-deny NetworkPolicies with DNS and ingress allowed, a ResourceQuota
// and LimitRange, and admin RoleBindings for its groups. Cluster-wide: read-only and platform-admin
// groups, and scoped kubeconfigs for developers.

export const tenants = defineAddon({
    key: "tenants",
    description: "Application namespaces: PSA labels, default-deny NetworkPolicies, quotas and limits, RBAC groups, developer kubeconfigs",
    settings: tenantsSettings,
    defaults: {
        dev: {
            enabled: true,
            defaultQuota: { requestsCpu: "2", requestsMemory: "4Gi", limitsCpu: "4", limitsMemory: "8Gi", pods: 30, persistentVolumeClaims: 5, requestsStorage: "20Gi", loadBalancers: 0 },
            defaultLimits: { defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { cpu: "500m", memory: "512Mi" } },
        },
        prod: {
            enabled: true,
            defaultQuota: { requestsCpu: "8", requestsMemory: "16Gi", limitsCpu: "16", limitsMemory: "32Gi", pods: 100, persistentVolumeClaims: 20, requestsStorage: "200Gi", loadBalancers: 0 },
            defaultLimits: { defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "1", memory: "1Gi" }, max: { cpu: "4", memory: "8Gi" } },
        },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Traefik's namespace is where ingress traffic to tenant pods comes from (a Namespace, not its release).
    uses: ["traefik"],
    validate: (settings) => tenantsProblems(settings),
    // Tenant namespaces carry their own default-deny policies (addons/tenants/network-policies.ts).
    flows: () => [],
});
