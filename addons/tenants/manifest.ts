import { defineAddon } from "../../config/addon-manifest";
import { tenantsSettings } from "./settings";
import { quantityValue } from "../../model/quantity";
import type { Limits, TenantsSettings } from "./settings";

/** Cross-field rules; paths are relative to the stack config. */
export function tenantsProblems(settings: TenantsSettings): string[] {
    const at = "addons.tenants";
    const problems: string[] = [];
    const names = new Set<string>();
    settings.namespaces.forEach((ns, i) => {
        const path = `${at}.namespaces[${i}]`;
        if (names.has(ns.name)) problems.push(`${path}.name: expected a namespace no other tenant has, got "${ns.name}" twice`);
        names.add(ns.name);
        if (ns.podSecurity !== "restricted" && !ns.podSecurityReason) {
            problems.push(
                `${path}.podSecurityReason: expected why "${ns.name}" needs Pod Security level "${ns.podSecurity}" instead of "restricted", got nothing`,
            );
        }
        problems.push(...limitProblems(ns.limits ?? settings.defaultLimits, ns.limits ? `${path}.limits` : `${at}.defaultLimits`));
    });
    problems.push(...limitProblems(settings.defaultLimits, `${at}.defaultLimits`));
    const developers = new Set<string>();
    settings.developers.forEach((dev, i) => {
        const path = `${at}.developers[${i}]`;
        if (developers.has(dev.name)) problems.push(`${path}.name: expected a developer name used once, got "${dev.name}" twice`);
        developers.add(dev.name);
        if (!names.has(dev.namespace)) {
            problems.push(
                `${path}.namespace: expected one of the tenant namespaces (${[...names].join(", ") || "none are configured"}), got "${dev.namespace}"`,
            );
        }
    });
    return [...new Set(problems)];
}

export function limitProblems(limits: Limits, path: string): string[] {
    const problems: string[] = [];
    for (const resource of ["cpu", "memory"] as const) {
        const request = limits.defaultRequest[resource];
        const limit = limits.default[resource];
        if (quantityValue(request) > quantityValue(limit)) {
            problems.push(`${path}.defaultRequest.${resource}: expected at most the default limit (${limit}), got "${request}"`);
        }
        if (limits.max && quantityValue(limit) > quantityValue(limits.max[resource])) {
            problems.push(`${path}.default.${resource}: expected at most max.${resource} (${limits.max[resource]}), got "${limit}"`);
        }
    }
    return problems;
}

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
            defaultQuota: {
                requestsCpu: "2",
                requestsMemory: "4Gi",
                limitsCpu: "4",
                limitsMemory: "8Gi",
                pods: 30,
                persistentVolumeClaims: 5,
                requestsStorage: "20Gi",
                loadBalancers: 0,
            },
            defaultLimits: { defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { cpu: "500m", memory: "512Mi" } },
        },
        prod: {
            enabled: true,
            defaultQuota: {
                requestsCpu: "8",
                requestsMemory: "16Gi",
                limitsCpu: "16",
                limitsMemory: "32Gi",
                pods: 100,
                persistentVolumeClaims: 20,
                requestsStorage: "200Gi",
                loadBalancers: 0,
            },
            defaultLimits: {
                defaultRequest: { cpu: "100m", memory: "128Mi" },
                default: { cpu: "1", memory: "1Gi" },
                max: { cpu: "4", memory: "8Gi" },
            },
        },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Traefik's namespace is where ingress traffic to tenant pods comes from (a Namespace, not its release).
    uses: ["traefik"],
    validate: (settings) => tenantsProblems(settings),
    // Tenant namespaces carry their own default-deny policies (addons/tenants/network-policies.ts).
    flows: () => [],
});
