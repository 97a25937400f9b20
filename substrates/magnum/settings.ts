import { z } from "zod";
import { cidr, positiveInt } from "../../model/primitives";
import { flavorName, openstackCloudSettings } from "../openstack/settings";

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
        "capi_helm_chart_version",
        "etcd_blockdevice_size",
        "etcd_blockdevice_type",
        "etcd_blockdevice_volume_type",
        "etcd_blockdevice_volume_az",
        "etcd_volume_size",
        "etcd_volume_type",
        "monitoring_enabled",
        "kube_dashboard_enabled",
        "auto_healing_enabled",
        "auto_scaling_enabled",
        "min_node_count",
        "max_node_count",
        "keystone_auth_enabled",
        "csi_cinder_availability_zone",
        "csi_cinder_reclaim_policy",
        "csi_cinder_volume_binding_mode",
        "csi_cinder_fstype",
        "csi_cinder_allow_volume_expansion",
        "octavia_provider",
        "octavia_lb_algorithm",
        "octavia_lb_healthcheck",
        "master_lb_floating_ip_enabled",
        "fixed_subnet_cidr",
        "api_master_lb_allowed_cidrs",
        "extra_network_names",
        "extra_network_name",
        "boot_volume_type",
        "boot_volume_size",
        // Not read by capi-helm (the version is the image's kube_version property) but written for portability.
        "kube_tag",
    ],
    vexxhost: [
        "kube_tag",
        "auto_scaling_enabled",
        "auto_healing_enabled",
        "master_lb_floating_ip_enabled",
        "api_server_floating_ip",
        "api_server_cert_sans",
        "api_server_tls_cipher_suites",
        "kubelet_tls_cipher_suites",
        "admission_control_list",
        "audit_log_enabled",
        "audit_log_max_age",
        "audit_log_max_backup",
        "audit_log_max_size",
        "availability_zone",
        "control_plane_availability_zones",
        "different_failure_domain",
        "server_group_policies",
        "boot_volume_size",
        "boot_volume_type",
        "boot_volume_availability_zone",
        "etcd_volume_size",
        "etcd_volume_type",
        "docker_volume_type",
        "calico_tag",
        "calico_ipv4pool",
        "cilium_tag",
        "cilium_ipv4pool",
        "cilium_hubble_ui_enabled",
        "service_cluster_ip_range",
        "dns_cluster_domain",
        "fixed_subnet_cidr",
        "container_infra_prefix",
        "keystone_auth_enabled",
        "cinder_csi_enabled",
        "cinder_csi_plugin_tag",
        "manila_csi_enabled",
        "manila_csi_plugin_tag",
        "manila_csi_share_network_id",
        "cloud_provider_tag",
        "csi_attacher_tag",
        "csi_liveness_probe_tag",
        "csi_node_driver_registrar_tag",
        "csi_provisioner_tag",
        "csi_resizer_tag",
        "csi_snapshotter_tag",
        "octavia_provider",
        "octavia_lb_algorithm",
        "octavia_lb_healthcheck",
        "oidc_issuer_url",
        "oidc_client_id",
        "oidc_username_claim",
        "oidc_username_prefix",
        "oidc_groups_claim",
        "oidc_groups_prefix",
        "min_node_count",
        "max_node_count",
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
            .describe(
                "Control-plane nodes: 1 or an odd number ≥ 3; 1 in dev, 3 in prod when unset. Immutable: changing it replaces the cluster.",
            ),
        keypair: z
            .string()
            .min(1)
            .optional()
            .describe("Nova keypair for SSH to the nodes; none is safest. Immutable: changing it replaces the cluster."),
        externalNetwork: z
            .string({ error: "expected the external network's name (e.g. public)" })
            .min(1)
            .describe("External network name or id for floating IPs and the API load balancer."),
        network: z
            .strictObject({
                fixedNetwork: z
                    .string()
                    .min(1)
                    .describe("Name or id of the existing tenant network. Immutable: changing it replaces the cluster."),
                fixedSubnet: z
                    .string()
                    .min(1)
                    .describe("Name or id of the subnet of that network the nodes use. Immutable: changing it replaces the cluster."),
            })
            .optional()
            .describe("An existing tenant network and subnet; without it Magnum creates one with network.nodeCidr."),
        networkDriver: z.enum(["calico", "cilium"]).default("calico").describe("The CNI Magnum installs (the template's network driver)."),
        dnsNameservers: z
            .array(z.string().min(1))
            .default([])
            .describe("DNS resolvers of the network Magnum creates; the driver's default when empty."),
        masterLoadBalancer: z
            .boolean()
            .default(true)
            .describe("An Octavia load balancer in front of the API servers (required for masterCount > 1)."),
        apiFloatingIp: z
            .boolean()
            .default(true)
            .describe("A floating IP on the API load balancer; off means the API is reachable from the tenant network only."),
        apiAllowedCidrs: z
            .array(cidr)
            .default([])
            .describe("CIDRs allowed to reach the API load balancer (capi-helm with amphora only); empty = anywhere."),
        nodeFloatingIps: z
            .boolean()
            .default(false)
            .describe(
                "Floating IPs on every node (rarely wanted: nodes reach out through the router). Immutable: changing it replaces the cluster.",
            ),
        defaultStorageClass: z
            .string()
            .min(1)
            .default("csi-cinder")
            .describe("The StorageClass Magnum's Cinder CSI creates (capi-helm: csi-cinder)."),
        labels: z
            .strictObject({
                autoHealing: z.boolean().default(true).describe("Replace unhealthy nodes automatically (label auto_healing_enabled)."),
                keystoneAuth: z
                    .boolean()
                    .default(false)
                    .describe("Authenticate API users with Keystone tokens (label keystone_auth_enabled)."),
                monitoring: z
                    .boolean()
                    .default(false)
                    .describe("The driver's own monitoring stack (label monitoring_enabled; capi-helm only)."),
                bootVolumeType: z
                    .string()
                    .min(1)
                    .optional()
                    .describe("Cinder volume type of the nodes' boot volumes (label boot_volume_type)."),
                etcdVolumeSize: positiveInt
                    .optional()
                    .describe("A separate Cinder volume for etcd, in GiB (label etcd_volume_size); etcd shares the boot disk when unset."),
                etcdVolumeType: z.string().min(1).optional().describe("Cinder volume type of the etcd volume (label etcd_volume_type)."),
                octaviaProvider: z
                    .enum(["amphora", "amphorav2", "ovn"])
                    .default("amphora")
                    .describe(
                        "Octavia provider of the API and Service load balancers (label octavia_provider); ovn refuses allowed CIDRs.",
                    ),
                octaviaLbAlgorithm: z
                    .enum(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"])
                    .optional()
                    .describe(
                        "Balancing algorithm of Service load balancers (label octavia_lb_algorithm); ovn supports only SOURCE_IP_PORT.",
                    ),
                capiHelmChartVersion: z
                    .string()
                    .regex(/^\d+\.\d+\.\d+$/, { error: "expected a chart version such as 0.10.1" })
                    .optional()
                    .describe(
                        "Version of the openstack-cluster Helm chart the capi-helm driver deploys with (label capi_helm_chart_version).",
                    ),
            })
            .default({ autoHealing: true, keystoneAuth: false, monitoring: false, octaviaProvider: "amphora" })
            .describe(
                "Typed Magnum labels of the cluster template. A change makes a new template that Magnum upgrades the cluster to, in place.",
            ),
        extraLabels: z
            .record(z.string(), z.string({ error: "expected a label value (a string; quote numbers and booleans)" }))
            .default({})
            .describe(
                "Further driver labels by their Magnum name (string values); each must be one the driver reads and have no typed setting.",
            ),
        expectedFingerprint: z
            .string()
            .regex(/^[a-z0-9-]+=[0-9a-f]{8}(,[a-z0-9-]+=[0-9a-f]{8})*$/, {
                error: "expected the replacementGuard.fingerprint stack output, e.g. cluster=1a2b3c4d",
            })
            .optional()
            .describe(
                'The replacement guard (README "Magnum replacement workflow"): the `replacementGuard.fingerprint` output the stack was last deployed with; a change to an immutable input is then reported (and refused in prod).',
            ),
        intendedReplacement: z
            .string()
            .min(1)
            .optional()
            .describe("Acknowledges one replacement: the new fingerprint the error message printed."),
    })
    .describe(
        "`substrate: magnum`: a Kubernetes cluster that OpenStack Magnum builds with a Cluster API driver (the Jetstream2 reference platform). The first node pool is the default worker group; the others become node groups.",
    );

export type MagnumClusterSettings = z.infer<typeof magnumClusterSettings>;
