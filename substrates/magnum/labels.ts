import { kubernetesPatches } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";

// The labels of Magnum's Cluster API drivers (Magnum dropped the Heat driver). Two drivers exist and they
// read different label sets, so the config names its driver and every label is checked against that
// driver's list: a misspelt label would otherwise be ignored silently. Lists: magnum-capi-helm's
// `[capi_helm_cluster_labels]` options and vexxhost magnum-cluster-api's utils.py/magnum.rs (2026 snapshots).

export const magnumDrivers = ["capi-helm", "vexxhost"] as const;
export type MagnumDriver = (typeof magnumDrivers)[number];

export const driverNames: Record<MagnumDriver, string> = {
    "capi-helm": "magnum-capi-helm (k8s_capi_helm)",
    vexxhost: "vexxhost magnum-cluster-api (k8s_cluster_api)",
};

export const knownLabels: Record<MagnumDriver, readonly string[]> = {
    "capi-helm": [
        "capi_helm_chart_version", "etcd_blockdevice_size", "etcd_blockdevice_type", "etcd_blockdevice_volume_type",
        "etcd_blockdevice_volume_az", "etcd_volume_size", "etcd_volume_type", "monitoring_enabled", "kube_dashboard_enabled",
        "auto_healing_enabled", "auto_scaling_enabled", "min_node_count", "max_node_count", "keystone_auth_enabled",
        "csi_cinder_availability_zone", "csi_cinder_reclaim_policy", "csi_cinder_volume_binding_mode", "csi_cinder_fstype",
        "csi_cinder_allow_volume_expansion", "octavia_provider", "octavia_lb_algorithm", "octavia_lb_healthcheck",
        "master_lb_floating_ip_enabled", "fixed_subnet_cidr", "api_master_lb_allowed_cidrs", "extra_network_names",
        "extra_network_name", "boot_volume_type", "boot_volume_size",
        // Not read by capi-helm (the version is the image's kube_version property) but written for portability.
        "kube_tag",
    ],
    vexxhost: [
        "kube_tag", "auto_scaling_enabled", "auto_healing_enabled", "master_lb_floating_ip_enabled", "api_server_floating_ip",
        "api_server_cert_sans", "api_server_tls_cipher_suites", "kubelet_tls_cipher_suites", "admission_control_list",
        "audit_log_enabled", "audit_log_max_age", "audit_log_max_backup", "audit_log_max_size", "availability_zone",
        "control_plane_availability_zones", "different_failure_domain", "server_group_policies", "boot_volume_size",
        "boot_volume_type", "boot_volume_availability_zone", "etcd_volume_size", "etcd_volume_type", "docker_volume_type",
        "calico_tag", "calico_ipv4pool", "cilium_tag", "cilium_ipv4pool", "cilium_hubble_ui_enabled", "service_cluster_ip_range",
        "dns_cluster_domain", "fixed_subnet_cidr", "container_infra_prefix", "keystone_auth_enabled", "cinder_csi_enabled",
        "cinder_csi_plugin_tag", "manila_csi_enabled", "manila_csi_plugin_tag", "manila_csi_share_network_id", "cloud_provider_tag",
        "csi_attacher_tag", "csi_liveness_probe_tag", "csi_node_driver_registrar_tag", "csi_provisioner_tag", "csi_resizer_tag",
        "csi_snapshotter_tag", "octavia_provider", "octavia_lb_algorithm", "octavia_lb_healthcheck", "oidc_issuer_url",
        "oidc_client_id", "oidc_username_claim", "oidc_username_prefix", "oidc_groups_claim", "oidc_groups_prefix",
        "min_node_count", "max_node_count",
    ],
};

/** Labels the typed settings write; `extraLabels` may not set them (the typed setting says what they mean). */
export const typedLabels: Readonly<Record<string, string>> = {
    kube_tag: "cluster.kubernetesVersion",
    auto_scaling_enabled: "cluster.nodePools[0].min/max",
    min_node_count: "cluster.nodePools[0].min",
    max_node_count: "cluster.nodePools[0].max",
    boot_volume_size: "cluster.nodePools[0].diskGiB",
    boot_volume_type: "cluster.magnum.labels.bootVolumeType",
    etcd_volume_size: "cluster.magnum.labels.etcdVolumeSize",
    etcd_volume_type: "cluster.magnum.labels.etcdVolumeType",
    octavia_provider: "cluster.magnum.labels.octaviaProvider",
    octavia_lb_algorithm: "cluster.magnum.labels.octaviaLbAlgorithm",
    master_lb_floating_ip_enabled: "cluster.magnum.apiFloatingIp",
    api_master_lb_allowed_cidrs: "cluster.magnum.apiAllowedCidrs",
    auto_healing_enabled: "cluster.magnum.labels.autoHealing",
    keystone_auth_enabled: "cluster.magnum.labels.keystoneAuth",
    monitoring_enabled: "cluster.magnum.labels.monitoring",
    capi_helm_chart_version: "cluster.magnum.labels.capiHelmChartVersion",
    fixed_subnet_cidr: "network.nodeCidr",
    calico_ipv4pool: "network.podCidr",
    cilium_ipv4pool: "network.podCidr",
    service_cluster_ip_range: "network.serviceCidr",
};

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
