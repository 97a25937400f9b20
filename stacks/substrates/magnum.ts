import { z } from "zod";
import { driverNames, knownLabels, magnumDrivers, typedLabels } from "../../components/cluster/magnum/labels";
import { replacementProblems } from "../../components/cluster/magnum/replacement";
import { masterCountOf } from "../../components/cluster/magnum/spec";
import { kubernetesPatches } from "../../components/versions";
import { didYouMean } from "../errors";
import { cidr, positiveInt } from "../primitives";
import type { PlatformConfig } from "../types";
import { defaultLbAlgorithm, octaviaCapabilities } from "../../components/cluster/octavia";
import { controlPlaneCountProblems, flavorName, openstackCloudSettings, poolFlavorProblems, poolPresenceProblems } from "./openstack";

/**
 * `cluster.magnum`: a Kubernetes cluster that OpenStack Magnum builds with a Cluster API driver (the Magnum (Jetstream2) reference platform,
 * Jetstream2). The first node pool is the cluster's default worker group; the others become node groups.
 */
export const magnumClusterSettings = z.strictObject({
    /** The Cluster API driver the cloud runs: it decides which labels exist and what they mean. */
    driver: z.enum(magnumDrivers).default("capi-helm"),
    cloud: openstackCloudSettings,
    /** Glance image name or id; it must carry os_distro (ubuntu|flatcar) and, for capi-helm, kube_version matching the cluster. */
    image: z.string({ error: "expected a Glance image name or id" }).min(1),
    masterFlavor: flavorName,
    /** 1 in dev, 3 in prod unless set; 1 or an odd number ≥ 3. */
    masterCount: positiveInt.optional(),
    /** Nova keypair for SSH to the nodes; none is safest. */
    keypair: z.string().min(1).optional(),
    /** External network name or id for floating IPs and the API load balancer. */
    externalNetwork: z.string({ error: "expected the external network's name (e.g. public)" }).min(1),
    /** An existing tenant network and subnet; without it Magnum creates one with network.nodeCidr. */
    network: z.strictObject({ fixedNetwork: z.string().min(1), fixedSubnet: z.string().min(1) }).optional(),
    networkDriver: z.enum(["calico", "cilium"]).default("calico"),
    dnsNameservers: z.array(z.string().min(1)).default([]),
    /** An Octavia load balancer in front of the API servers (required for masterCount > 1). */
    masterLoadBalancer: z.boolean().default(true),
    /** A floating IP on the API load balancer; off means the API is reachable from the tenant network only. */
    apiFloatingIp: z.boolean().default(true),
    /** CIDRs allowed to reach the API load balancer (capi-helm only); empty = anywhere. */
    apiAllowedCidrs: z.array(cidr).default([]),
    /** Floating IPs on every node (rarely wanted: nodes reach out through the router). */
    nodeFloatingIps: z.boolean().default(false),
    /** The StorageClass Magnum's Cinder CSI creates (capi-helm: csi-cinder). */
    defaultStorageClass: z.string().min(1).default("csi-cinder"),
    labels: z
        .strictObject({
            autoHealing: z.boolean().default(true),
            keystoneAuth: z.boolean().default(false),
            monitoring: z.boolean().default(false),
            bootVolumeType: z.string().min(1).optional(),
            etcdVolumeSize: positiveInt.optional(),
            etcdVolumeType: z.string().min(1).optional(),
            octaviaProvider: z.enum(["amphora", "amphorav2", "ovn"]).default("amphora"),
            octaviaLbAlgorithm: z.enum(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"]).optional(),
            capiHelmChartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "expected a chart version such as 0.10.1" }).optional(),
        })
        .default({ autoHealing: true, keystoneAuth: false, monitoring: false, octaviaProvider: "amphora" }),
    /** Further driver labels by their Magnum name; each must be one the driver reads. */
    extraLabels: z.record(z.string(), z.string({ error: "expected a label value (a string; quote numbers and booleans)" })).default({}),
    /** The replacement guard (README "Magnum replacement workflow"): the fingerprint the stack was last deployed with. */
    expectedFingerprint: z.string().regex(/^[a-z0-9-]+=[0-9a-f]{8}(,[a-z0-9-]+=[0-9a-f]{8})*$/, { error: "expected the replacementGuard.fingerprint stack output, e.g. cluster=1a2b3c4d" }).optional(),
    /** Acknowledges one replacement: the new fingerprint the error message printed. */
    intendedReplacement: z.string().min(1).optional(),
});

export type MagnumClusterSettings = z.infer<typeof magnumClusterSettings>;

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
        problems.push(`cluster.kubernetesVersion: expected a minor with a pinned patch release (${Object.keys(kubernetesPatches).join(", ")}), got "${config.cluster.kubernetesVersion}"`);
    }
    const known = knownLabels[magnum.driver];
    for (const label of Object.keys(magnum.extraLabels).sort()) {
        if (typedLabels[label]) {
            problems.push(`cluster.magnum.extraLabels.${label}: expected a label without a typed setting (use ${typedLabels[label]}), got "${label}"`);
        } else if (!known.includes(label)) {
            const hint = didYouMean(label, known);
            problems.push(`cluster.magnum.extraLabels.${label}: expected a label the ${driverNames[magnum.driver]} driver reads${hint}, got "${label}"`);
        }
    }
    if (magnum.driver === "vexxhost") {
        if (magnum.apiAllowedCidrs.length) problems.push(`cluster.magnum.apiAllowedCidrs: expected an empty list with driver "vexxhost" (it does not read api_master_lb_allowed_cidrs, so the API would stay open), got a list of ${magnum.apiAllowedCidrs.length}`);
        const capiOnly = (["monitoring", "capiHelmChartVersion"] as const).filter((k) => k === "monitoring" ? magnum.labels.monitoring : magnum.labels[k] !== undefined);
        for (const k of capiOnly) problems.push(`cluster.magnum.labels.${k}: expected it unset with driver "vexxhost" (only capi-helm reads it), got ${JSON.stringify(magnum.labels[k])}`);
    }
    problems.push(...magnumOctaviaProblems(magnum));
    config.cluster.nodePools.forEach((pool, i) => {
        if (Object.keys(pool.labels).length || pool.taints.length) {
            problems.push(`cluster.nodePools[${i}]: expected no labels or taints on substrate "magnum" (Magnum node groups cannot set them), got ${Object.keys(pool.labels).length} labels and ${pool.taints.length} taints`);
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
