import { kubernetesPatches } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";

/** The template's labels: typed settings first, then `extraLabels`; values are strings, keys sorted. */
export function templateLabels(config: PlatformConfig): Record<string, string> {
    const magnum = config.cluster.magnum!;
    const pool = config.cluster.nodePools[0];
    const l = magnum.labels;
    const labels: Record<string, string | number | boolean | undefined> = {
        kube_tag: `v${kubernetesPatches[config.cluster.kubernetesVersion]}`,
        auto_healing_enabled: l.autoHealing,
        keystone_auth_enabled: l.keystoneAuth, // the drivers' defaults differ (false / true): always explicit
        master_lb_floating_ip_enabled: magnum.apiFloatingIp,
        octavia_provider: l.octaviaProvider,
        octavia_lb_algorithm: l.octaviaLbAlgorithm,
        boot_volume_size: pool?.diskGiB,
        boot_volume_type: l.bootVolumeType,
        etcd_volume_size: l.etcdVolumeSize,
        etcd_volume_type: l.etcdVolumeType,
        // The default worker group: autoscaled when its range is not a single size.
        auto_scaling_enabled: pool ? pool.min < pool.max : undefined,
        min_node_count: pool && pool.min < pool.max ? pool.min : undefined,
        max_node_count: pool && pool.min < pool.max ? pool.max : undefined,
        // Magnum creates the network only when no existing one is named.
        fixed_subnet_cidr: magnum.network ? undefined : config.network.nodeCidr,
    };
    if (magnum.driver === "capi-helm") {
        labels.monitoring_enabled = l.monitoring;
        labels.capi_helm_chart_version = l.capiHelmChartVersion;
        labels.api_master_lb_allowed_cidrs = magnum.apiAllowedCidrs.length ? magnum.apiAllowedCidrs.join(",") : undefined;
    } else {
        // vexxhost reads the pod and service ranges; capi-helm's chart chooses its own.
        labels[magnum.networkDriver === "cilium" ? "cilium_ipv4pool" : "calico_ipv4pool"] = config.network.podCidr;
        labels.service_cluster_ip_range = config.network.serviceCidr;
    }
    for (const [k, v] of Object.entries(magnum.extraLabels)) labels[k] = v;
    const out: Record<string, string> = {};
    for (const key of Object.keys(labels).sort()) {
        const value = labels[key];
        if (value !== undefined) out[key] = String(value);
    }
    return out;
}

/** Labels of an extra Magnum node group (its boot volume size; the rest comes from the template). */
export function nodeGroupLabels(diskGiB: number): Record<string, string> {
    return { boot_volume_size: String(diskGiB) };
}
