import { z } from "zod";
import { driverNames, knownLabels, magnumDrivers, typedLabels } from "./labels";
import { replacementProblems } from "./replacement";
import { masterCountOf } from "./spec";
import { kubernetesPatches } from "../../model/versions";
import { didYouMean } from "../../config/errors";
import { cidr, positiveInt } from "../../model/primitives";
import type { PlatformConfig } from "../../config/types";
import { defaultLbAlgorithm, octaviaCapabilities } from "../openstack/octavia";
import { controlPlaneCountProblems, flavorName, openstackCloudSettings, poolFlavorProblems, poolPresenceProblems } from "../openstack/manifest";

export const magnumClusterSettings = z
    .strictObject({
        driver: z
            .enum(magnumDrivers)
            .default("capi-helm")
            .describe("The Cluster API driver the cloud runs: it decides which labels exist and what they mean."),
        cloud: openstackCloudSettings,
        image: z
            .string({ error: "expected a Glance image name or id" })
            .min(1)
            .describe(
                "Glance image name or id; it must carry os_distro (ubuntu or flatcar) and, for capi-helm, kube_version matching the cluster. A new image is an upgrade through a new template, not a replacement.",
            ),
        masterFlavor: flavorName.describe("Nova flavor of the control-plane nodes. Immutable: changing it replaces the cluster."),
        masterCount: positiveInt
            .optional()
            .describe("Control-plane nodes: 1 or an odd number ≥ 3; 1 in dev, 3 in prod when unset. Immutable: changing it replaces the cluster."),
        keypair: z.string().min(1).optional().describe("Nova keypair for SSH to the nodes; none is safest. Immutable: changing it replaces the cluster."),
        externalNetwork: z
            .string({ error: "expected the external network's name (e.g. public)" })
            .min(1)
            .describe("External network name or id for floating IPs and the API load balancer."),
        network: z
            .strictObject({
                fixedNetwork: z.string().min(1).describe("Name or id of the existing tenant network. Immutable: changing it replaces the cluster."),
                fixedSubnet: z.string().min(1).describe("Name or id of the subnet of that network the nodes use. Immutable: changing it replaces the cluster."),
            })
            .optional()
            .describe("An existing tenant network and subnet; without it Magnum creates one with network.nodeCidr."),
        networkDriver: z.enum(["calico", "cilium"]).default("calico").describe("The CNI Magnum installs (the template's network driver)."),
        dnsNameservers: z.array(z.string().min(1)).default([]).describe("DNS resolvers of the network Magnum creates; the driver's default when empty."),
        masterLoadBalancer: z.boolean().default(true).describe("An Octavia load balancer in front of the API servers (required for masterCount > 1)."),
        apiFloatingIp: z.boolean().default(true).describe("A floating IP on the API load balancer; off means the API is reachable from the tenant network only."),
        apiAllowedCidrs: z.array(cidr).default([]).describe("CIDRs allowed to reach the API load balancer (capi-helm with amphora only); empty = anywhere."),
        nodeFloatingIps: z
            .boolean()
            .default(false)
            .describe("Floating IPs on every node (rarely wanted: nodes reach out through the router). Immutable: changing it replaces the cluster."),
        defaultStorageClass: z.string().min(1).default("csi-cinder").describe("The StorageClass Magnum's Cinder CSI creates (capi-helm: csi-cinder)."),
        labels: z
            .strictObject({
                autoHealing: z.boolean().default(true).describe("Replace unhealthy nodes automatically (label auto_healing_enabled)."),
                keystoneAuth: z.boolean().default(false).describe("Authenticate API users with Keystone tokens (label keystone_auth_enabled)."),
                monitoring: z.boolean().default(false).describe("The driver's own monitoring stack (label monitoring_enabled; capi-helm only)."),
                bootVolumeType: z.string().min(1).optional().describe("Cinder volume type of the nodes' boot volumes (label boot_volume_type)."),
                etcdVolumeSize: positiveInt.optional().describe("A separate Cinder volume for etcd, in GiB (label etcd_volume_size); etcd shares the boot disk when unset."),
                etcdVolumeType: z.string().min(1).optional().describe("Cinder volume type of the etcd volume (label etcd_volume_type)."),
                octaviaProvider: z
                    .enum(["amphora", "amphorav2", "ovn"])
                    .default("amphora")
                    .describe("Octavia provider of the API and Service load balancers (label octavia_provider); ovn refuses allowed CIDRs."),
                octaviaLbAlgorithm: z
                    .enum(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"])
                    .optional()
                    .describe("Balancing algorithm of Service load balancers (label octavia_lb_algorithm); ovn supports only SOURCE_IP_PORT."),
                capiHelmChartVersion: z
                    .string()
                    .regex(/^\d+\.\d+\.\d+$/, { error: "expected a chart version such as 0.10.1" })
                    .optional()
                    .describe("Version of the openstack-cluster Helm chart the capi-helm driver deploys with (label capi_helm_chart_version)."),
            })
            .default({ autoHealing: true, keystoneAuth: false, monitoring: false, octaviaProvider: "amphora" })
            .describe("Typed Magnum labels of the cluster template. A change makes a new template that Magnum upgrades the cluster to, in place."),
        extraLabels: z
            .record(z.string(), z.string({ error: "expected a label value (a string; quote numbers and booleans)" }))
            .default({})
            .describe("Further driver labels by their Magnum name (string values); each must be one the driver reads and have no typed setting."),
        expectedFingerprint: z
            .string()
            .regex(/^[a-z0-9-]+=[0-9a-f]{8}(,[a-z0-9-]+=[0-9a-f]{8})*$/, { error: "expected the replacementGuard.fingerprint stack output, e.g. cluster=1a2b3c4d" })
            .optional()
            .describe(
                "The replacement guard (README \"Magnum replacement workflow\"): the `replacementGuard.fingerprint` output the stack was last deployed with; a change to an immutable input is then reported (and refused in prod).",
            ),
        intendedReplacement: z.string().min(1).optional().describe("Acknowledges one replacement: the new fingerprint the error message printed."),
    })
    .describe(
        "`substrate: magnum`: a Kubernetes cluster that OpenStack Magnum builds with a Cluster API driver (the Jetstream2 reference platform). The first node pool is the default worker group; the others become node groups.",
    );

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
