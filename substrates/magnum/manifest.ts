import { driverNames, knownLabels, typedLabels } from "./settings";
import { replacementProblems } from "./replacement";
import { masterCountOf } from "./spec";
import { kubernetesPatches } from "../../model/versions";
import { didYouMean } from "../../config/errors";
import type { PlatformConfig } from "../../config/types";
import { defaultLbAlgorithm, octaviaCapabilities } from "../openstack/octavia";
import { controlPlaneCountProblems, poolFlavorProblems, poolPresenceProblems } from "../openstack/manifest";

/** Cross-field rules for `substrate: magnum`. */
export function validateMagnum(config: PlatformConfig): string[] {
    const magnum = config.cluster.magnum;
    if (!magnum) return ['cluster.magnum: expected the Magnum settings (image, flavors, cloud) for substrate "magnum", got nothing'];
    const problems = [...poolPresenceProblems(config), ...poolFlavorProblems(config)];
    const masters = masterCountOf(config);
    problems.push(...controlPlaneCountProblems("cluster.magnum.masterCount", masters, config.environment));
    if (masters > 1 && !magnum.masterLoadBalancer) {
        problems.push(`cluster.magnum.masterLoadBalancer: expected true with ${masters} masters (the API needs one address), got false`);
    }
    if (!kubernetesPatches[config.cluster.kubernetesVersion]) {
        problems.push(
            `cluster.kubernetesVersion: expected a minor with a pinned patch release (${Object.keys(kubernetesPatches).join(", ")}), got "${config.cluster.kubernetesVersion}"`,
        );
    }
    const known = knownLabels[magnum.driver];
    for (const label of Object.keys(magnum.extraLabels).sort()) {
        if (typedLabels[label]) {
            problems.push(
                `cluster.magnum.extraLabels.${label}: expected a label without a typed setting (use ${typedLabels[label]}), got "${label}"`,
            );
        } else if (!known.includes(label)) {
            const hint = didYouMean(label, known);
            problems.push(
                `cluster.magnum.extraLabels.${label}: expected a label the ${driverNames[magnum.driver]} driver reads${hint}, got "${label}"`,
            );
        }
    }
    if (magnum.driver === "vexxhost") {
        if (magnum.apiAllowedCidrs.length)
            problems.push(
                `cluster.magnum.apiAllowedCidrs: expected an empty list with driver "vexxhost" (it does not read api_master_lb_allowed_cidrs, so the API would stay open), got a list of ${magnum.apiAllowedCidrs.length}`,
            );
        const capiOnly = (["monitoring", "capiHelmChartVersion"] as const).filter((k) =>
            k === "monitoring" ? magnum.labels.monitoring : magnum.labels[k] !== undefined,
        );
        for (const k of capiOnly)
            problems.push(
                `cluster.magnum.labels.${k}: expected it unset with driver "vexxhost" (only capi-helm reads it), got ${JSON.stringify(magnum.labels[k])}`,
            );
    }
    problems.push(...magnumOctaviaProblems(magnum));
    config.cluster.nodePools.forEach((pool, i) => {
        if (Object.keys(pool.labels).length || pool.taints.length) {
            problems.push(
                `cluster.nodePools[${i}]: expected no labels or taints on substrate "magnum" (Magnum node groups cannot set them), got ${Object.keys(pool.labels).length} labels and ${pool.taints.length} taints`,
            );
        }
    });
    if (problems.length === 0) problems.push(...replacementProblems(config));
    return problems;
}

/**
 * octaviaProvider picks the driver of both the API load balancer (capi-helm: apiServer.loadBalancerProvider)
 * and Service load balancers. ovn refuses listener allowed_cidrs, and the capi-helm driver refuses an ovn
 * algorithm other than SOURCE_IP_PORT (its cloud-controller-manager config generator).
 */
function magnumOctaviaProblems(magnum: NonNullable<PlatformConfig["cluster"]["magnum"]>): string[] {
    const provider = magnum.labels.octaviaProvider;
    const octavia = octaviaCapabilities[provider];
    const problems: string[] = [];
    if (!octavia.allowedCidrs && magnum.apiAllowedCidrs.length) {
        problems.push(
            `cluster.magnum.apiAllowedCidrs: expected an empty list with labels.octaviaProvider "${provider}" ` +
                `(the ${provider} Octavia driver refuses allowed_cidrs on the API load balancer's listener), ` +
                `got a list of ${magnum.apiAllowedCidrs.length}`,
        );
    }
    const algorithm = magnum.labels.octaviaLbAlgorithm;
    const expected = defaultLbAlgorithm(provider);
    if (algorithm && !octavia.algorithms.includes("ROUND_ROBIN") && algorithm !== expected) {
        problems.push(
            `cluster.magnum.labels.octaviaLbAlgorithm: expected ${expected} or unset with octaviaProvider ` +
                `"${provider}", got "${algorithm}"`,
        );
    }
    return problems;
}
