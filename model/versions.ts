// The one version catalog. Every chart, image, CRD bundle and managed add-on version the program deploys
// is pinned here, exactly (no ranges, no "latest"), and nowhere else.
//
// Each pin sits under a `// renovate:` comment that renovate.json's custom manager reads, so version
// bumps arrive as reviewed pull requests. `kubernetes` is the range of Kubernetes minors the pinned release
// supports (from the chart's kubeVersion or its release notes): the config refuses a cluster version outside
// it, naming both versions.

/** A Helm chart pinned to one version, with the Kubernetes minors that version supports. */
export interface ChartPin {
    readonly chart: string;
    readonly repo: string;
    readonly version: string;
    readonly kubernetes: { readonly min: string; readonly max: string };
}

/** A container image pinned to one tag. */
export interface ImagePin {
    readonly image: string;
    readonly tag: string;
}

function chart(name: string, repo: string, version: string, kubernetes: [string, string]): ChartPin {
    return Object.freeze({ chart: name, repo, version, kubernetes: Object.freeze({ min: kubernetes[0], max: kubernetes[1] }) });
}

export function image(name: string, tag: string): ImagePin {
    return Object.freeze({ image: name, tag });
}

/** Kubernetes minors this release of groundwork is tested against; the config refuses others. */
export const kubernetesVersions = Object.freeze({ min: "1.31", max: "1.34" });

export const charts = Object.freeze({
    // Secrets, PostgreSQL and backups. Keys equal addon keys (the config's Kubernetes-version guard).
    // renovate: datasource=helm depName=vault registryUrl=https://helm.releases.hashicorp.com
    vault: chart("vault", "https://helm.releases.hashicorp.com", "0.34.1", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=vault-secrets-operator registryUrl=https://helm.releases.hashicorp.com
    vaultSecretsOperator: chart("vault-secrets-operator", "https://helm.releases.hashicorp.com", "1.4.1", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
    externalSecrets: chart("external-secrets", "https://charts.external-secrets.io", "2.9.0", ["1.31", "1.35"]),
    // Operator 1.30.0.
    // renovate: datasource=helm depName=cloudnative-pg registryUrl=https://cloudnative-pg.github.io/charts
    cloudnativePg: chart("cloudnative-pg", "https://cloudnative-pg.github.io/charts", "0.29.0", ["1.31", "1.35"]),
    // Plugin v0.13.0 (needs CNPG >= 1.26 and cert-manager).
    // renovate: datasource=helm depName=plugin-barman-cloud registryUrl=https://cloudnative-pg.github.io/charts
    barmanCloudPlugin: chart("plugin-barman-cloud", "https://cloudnative-pg.github.io/charts", "0.7.0", ["1.31", "1.35"]),
    // Velero 1.17.1: the newest release whose AWS plugin (v1.13.2, images.veleroPluginAws) is a verified final
    // tag; chart 12.x (Velero 1.18) needs plugin v1.14.x, only seen as a release candidate. Bump them together.
    // renovate: datasource=helm depName=velero registryUrl=https://vmware-tanzu.github.io/helm-charts
    velero: chart("velero", "https://vmware-tanzu.github.io/helm-charts", "11.4.0", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server
    metricsServer: chart("metrics-server", "https://kubernetes-sigs.github.io/metrics-server", "3.13.1", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
    certManager: chart("cert-manager", "https://charts.jetstack.io", "v1.21.1", ["1.31", "1.35"]),
    // Observability, GitOps and extras. Keys equal addon keys where the pin is the addon's main
    // chart, so the config's Kubernetes-version guard checks it. Ranges: the chart's kubeVersion floor
    // (or groundwork's floor where the chart declares none) to the newest minor groundwork knows.
    // The CRDs chart moves in lockstep with kube-prometheus-stack's operator (both v0.93.1).
    // renovate: datasource=helm depName=prometheus-operator-crds registryUrl=https://prometheus-community.github.io/helm-charts
    monitoringCrds: chart("prometheus-operator-crds", "https://prometheus-community.github.io/helm-charts", "31.0.1", ["1.25", "1.35"]),
    // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
    monitoring: chart("kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "88.5.3", ["1.25", "1.35"]),
    // renovate: datasource=helm depName=loki registryUrl=https://grafana-community.github.io/helm-charts
    loki: chart("loki", "https://grafana-community.github.io/helm-charts", "18.11.0", ["1.25", "1.35"]),
    // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
    alloy: chart("alloy", "https://grafana.github.io/helm-charts", "1.11.1", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=opentelemetry-collector registryUrl=https://open-telemetry.github.io/opentelemetry-helm-charts
    openTelemetry: chart("opentelemetry-collector", "https://open-telemetry.github.io/opentelemetry-helm-charts", "0.170.0", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=tempo registryUrl=https://grafana-community.github.io/helm-charts
    tempo: chart("tempo", "https://grafana-community.github.io/helm-charts", "2.2.4", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=nri-bundle registryUrl=https://helm-charts.newrelic.com
    newRelic: chart("nri-bundle", "https://helm-charts.newrelic.com", "8.0.18", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=argo-cd registryUrl=https://argoproj.github.io/argo-helm
    argoCd: chart("argo-cd", "https://argoproj.github.io/argo-helm", "10.1.1", ["1.25", "1.35"]),
    // OCI only: the chart version is the Kargo release tag without its "v" (release.yaml pushes kargo-${tag#v} on
    // each GitHub release; v1.11.2 is one). Not re-checked against the registry itself.
    // renovate: datasource=docker depName=ghcr.io/akuity/kargo-charts/kargo
    kargo: chart("kargo", "oci://ghcr.io/akuity/kargo-charts", "1.11.2", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=keda registryUrl=https://kedacore.github.io/charts
    keda: chart("keda", "https://kedacore.github.io/charts", "2.20.2", ["1.23", "1.35"]),
    // renovate: datasource=helm depName=eraser registryUrl=https://eraser-dev.github.io/eraser/charts
    eraser: chart("eraser", "https://eraser-dev.github.io/eraser/charts", "1.4.1", ["1.31", "1.35"]),
    // Istio's base and istiod share one version; its support matrix (not re-verified) covers four minors.
    // renovate: datasource=helm depName=base registryUrl=https://istio-release.storage.googleapis.com/charts
    istioBase: chart("base", "https://istio-release.storage.googleapis.com/charts", "1.30.3", ["1.32", "1.35"]),
    // renovate: datasource=helm depName=istiod registryUrl=https://istio-release.storage.googleapis.com/charts
    istio: chart("istiod", "https://istio-release.storage.googleapis.com/charts", "1.30.3", ["1.32", "1.35"]),
    // renovate: datasource=helm depName=redpanda registryUrl=https://charts.redpanda.com
    redpanda: chart("redpanda", "https://charts.redpanda.com", "26.2.2", ["1.25", "1.35"]),
    // renovate: datasource=helm depName=valkey registryUrl=https://valkey.io/valkey-helm/
    valkey: chart("valkey", "https://valkey.io/valkey-helm/", "0.11.0", ["1.31", "1.35"]),
    // Cilium 1.19's e2e-tested Kubernetes list was not verifiable; 1.18 was tested on 1.30–1.33 and each
    // minor tracks the next one, so 1.19 is expected to cover 1.31–1.35.
    // renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io
    cilium: chart("cilium", "https://helm.cilium.io/", "1.19.6", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=metallb registryUrl=https://metallb.github.io/metallb
    metallb: chart("metallb", "https://metallb.github.io/metallb", "0.16.1", ["1.19", "1.36"]),
    // renovate: datasource=helm depName=traefik registryUrl=https://traefik.github.io/charts
    traefik: chart("traefik", "https://traefik.github.io/charts", "41.3.0", ["1.25", "1.36"]),
    // The IAM policy in addons/aws-load-balancer-controller/iam-policy.json is this release's
    // docs/install/iam_policy.json: bump both together.
    // renovate: datasource=helm depName=aws-load-balancer-controller registryUrl=https://aws.github.io/eks-charts
    awsLoadBalancerController: chart("aws-load-balancer-controller", "https://aws.github.io/eks-charts", "3.5.0", ["1.22", "1.35"]),
    // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
    externalDns: chart("external-dns", "https://kubernetes-sigs.github.io/external-dns/", "1.21.1", ["1.31", "1.35"]),
    // cert-manager's DNS01 solver for OpenStack Designate; installed next to cert-manager.
    // renovate: datasource=helm depName=designate-certmanager-webhook registryUrl=https://syseleven.github.io/designate-certmanager-webhook
    designateCertmanagerWebhook: chart("designate-certmanager-webhook", "https://syseleven.github.io/designate-certmanager-webhook", "0.9.2", ["1.31", "1.35"]),
    // Storage and autoscaling. Rook 1.20 supports Kubernetes 1.31–1.36 (its prerequisites page);
    // since 1.20 the CSI drivers are a third chart from ceph-csi-operator, pinned to the operator subchart
    // version the rook-ceph chart bundles (1.0.4). Install order: rook-ceph, ceph-csi-drivers, rook-ceph-cluster.
    // renovate: datasource=helm depName=rook-ceph registryUrl=https://charts.rook.io/release
    rookCeph: chart("rook-ceph", "https://charts.rook.io/release", "v1.20.6", ["1.31", "1.36"]),
    // renovate: datasource=helm depName=rook-ceph-cluster registryUrl=https://charts.rook.io/release
    rookCephCluster: chart("rook-ceph-cluster", "https://charts.rook.io/release", "v1.20.6", ["1.31", "1.36"]),
    // renovate: datasource=helm depName=ceph-csi-drivers registryUrl=https://ceph.github.io/ceph-csi-operator
    cephCsiDrivers: chart("ceph-csi-drivers", "https://ceph.github.io/ceph-csi-operator", "1.0.4", ["1.31", "1.36"]),
    // The chart declares no kubeVersion; the image follows the cluster's minor (clusterAutoscalerImages below).
    // renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
    clusterAutoscaler: chart("cluster-autoscaler", "https://kubernetes.github.io/autoscaler", "9.59.0", ["1.31", "1.36"]),
    // Karpenter's compatibility matrix: 1.14 covers Kubernetes up to 1.36. The CRD chart moves in lockstep.
    // renovate: datasource=docker depName=public.ecr.aws/karpenter/karpenter
    karpenter: chart("karpenter", "oci://public.ecr.aws/karpenter", "1.14.1", ["1.31", "1.36"]),
    // renovate: datasource=docker depName=public.ecr.aws/karpenter/karpenter-crd
    karpenterCrd: chart("karpenter-crd", "oci://public.ecr.aws/karpenter", "1.14.1", ["1.31", "1.36"]),
    // Workload safety and delivery. trivy-operator declares no kubeVersion (groundwork's floor);
    // kyverno 3.9.0 = Kyverno 1.19.0 (kubeVersion >=1.25); argo-rollouts 2.41.0 = Argo Rollouts v1.9.0.
    // renovate: datasource=helm depName=trivy-operator registryUrl=https://aquasecurity.github.io/helm-charts/
    trivyOperator: chart("trivy-operator", "https://aquasecurity.github.io/helm-charts/", "0.34.0", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=kyverno registryUrl=https://kyverno.github.io/kyverno/
    kyverno: chart("kyverno", "https://kyverno.github.io/kyverno/", "3.9.0", ["1.25", "1.35"]),
    // renovate: datasource=helm depName=argo-rollouts registryUrl=https://argoproj.github.io/argo-helm
    argoRollouts: chart("argo-rollouts", "https://argoproj.github.io/argo-helm", "2.41.0", ["1.31", "1.35"]),
});

// CRD bundles follow their chart's pin (no renovate line of their own): one bump moves both.
export const crdBundles = Object.freeze({
    // The barman-cloud plugin's ObjectStore CRD, applied before the chart (installed with crds.create: false) so
    // ObjectStores need not wait for the plugin's release. Plugin v0.13.0 is chart 0.7.0: bump both together.
    barmanCloudPlugin: crdBundle("plugin-barman-cloud", "v0.13.0", (v) => `https://raw.githubusercontent.com/cloudnative-pg/plugin-barman-cloud/${v}/config/crd/bases/barmancloud.cnpg.io_objectstores.yaml`),
    certManager: crdBundle("cert-manager", charts.certManager.version, (v) => `https://github.com/cert-manager/cert-manager/releases/download/${v}/cert-manager.crds.yaml`),
    // Traefik's CRDs (IngressRoute, Middleware, TLSOption, …) as the proxy release publishes them; chart 41.3.0
    // runs Traefik v3.7.11 (its appVersion): bump both together.
    traefik: crdBundle("traefik", "v3.7.11", (v) => `https://raw.githubusercontent.com/traefik/traefik/${v}/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml`),
});

export const images = Object.freeze({
    // Vault server and the audit/snapshot jobs: the vault chart's appVersion.
    // renovate: datasource=docker depName=hashicorp/vault
    vault: image("hashicorp/vault", "2.0.4"),
    // Uploads and prunes Vault raft snapshots (tag not checked against Docker Hub).
    // renovate: datasource=docker depName=amazon/aws-cli
    awsCli: image("amazon/aws-cli", "2.22.0"),
    // etcdctl for the etcd snapshot CronJob on substrates whose etcd the user runs (nova, existing): kubeadm's
    // etcd image for Kubernetes 1.31–1.33; etcdctl's snapshot API also serves the 3.6 servers of 1.34.
    // renovate: datasource=docker depName=registry.k8s.io/etcd
    etcd: image("registry.k8s.io/etcd", "3.5.21-0"),
    // Velero's object-store plugin; v1.13.x is the line for Velero 1.17.x (plugin README compatibility table).
    // renovate: datasource=docker depName=velero/velero-plugin-for-aws
    veleroPluginAws: image("velero/velero-plugin-for-aws", "v1.13.2"),
    // PostgreSQL operand images, "standard" flavour (the barman-cloud plugin brings its own sidecar).
    // Patch tags follow the upstream naming; not checked against ghcr.io.
    // renovate: datasource=docker depName=ghcr.io/cloudnative-pg/postgresql
    postgres17: image("ghcr.io/cloudnative-pg/postgresql", "17.6-standard-trixie"),
    // renovate: datasource=docker depName=ghcr.io/cloudnative-pg/postgresql
    postgres16: image("ghcr.io/cloudnative-pg/postgresql", "16.10-standard-trixie"),
    // The collector chart has no default image; this is its appVersion's Kubernetes distribution.
    // renovate: datasource=docker depName=otel/opentelemetry-collector-k8s
    openTelemetryCollector: image("otel/opentelemetry-collector-k8s", "0.158.0"),
    // ExternalDNS's OpenStack Designate provider (the in-tree one was removed), run as the chart's webhook sidecar.
    // renovate: datasource=docker depName=ghcr.io/inovex/external-dns-openstack-webhook
    externalDnsOpenstackWebhook: image("ghcr.io/inovex/external-dns-openstack-webhook", "2.3.0"),
    // The designate-certmanager-webhook chart's default image tag (0.2.18) is stale; its app release is 0.4.0.
    // renovate: datasource=docker depName=docker.io/syseleven/designate-certmanager-webhook
    designateCertmanagerWebhook: image("docker.io/syseleven/designate-certmanager-webhook", "0.4.0"),
    // The designate webhook chart's init containers default to alpine:latest and kubectl v1.33.0: pinned here.
    // renovate: datasource=docker depName=docker.io/library/alpine
    designateWebhookAlpine: image("docker.io/library/alpine", "3.22.1"),
    // renovate: datasource=docker depName=registry.k8s.io/kubectl
    designateWebhookKubectl: image("registry.k8s.io/kubectl", "v1.33.0"),
    // Ceph itself (Tentacle), run by Rook; the rook-ceph-cluster chart's default for its release.
    // renovate: datasource=docker depName=quay.io/ceph/ceph
    ceph: image("quay.io/ceph/ceph", "v20.2.4"),
});

/**
 * Cluster Autoscaler image per Kubernetes minor: upstream supports only the CA release that matches the
 * control plane's minor, so the addon picks the tag from this table (the newest patch of each minor).
 */
export const clusterAutoscalerImages: Readonly<Record<string, ImagePin>> = Object.freeze({
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.31\./
    "1.31": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.31.5"),
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.32\./
    "1.32": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.32.7"),
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.33\./
    "1.33": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.33.6"),
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.34\./
    "1.34": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.34.5"),
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.35\./
    "1.35": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.35.2"),
    // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler allowedVersions=/^v1\.36\./
    "1.36": image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.36.1"),
});

/** Node images Karpenter launches: a pinned EKS-optimized AMI release (`@latest` drifts every node on each AMI release). */
export const nodeImages = Object.freeze({
    // renovate: datasource=github-releases depName=awslabs/amazon-eks-ami
    karpenterAl2023: "al2023@v20260423",
});

/**
 * trivy-operator ships its report CRDs in the chart's crds/ directory, one file each (Helm installs them once
 * and never upgrades them), so the program applies them from the app release's tag. App v0.32.0 is chart
 * 0.34.0: bump both together.
 */
export const trivyOperatorCrds = Object.freeze({
    // renovate: datasource=github-releases depName=aquasecurity/trivy-operator
    version: "v0.32.0",
    files: Object.freeze(
        [
            "clustercompliancereports", "clusterconfigauditreports", "clusterinfraassessmentreports", "clusterrbacassessmentreports",
            "clustersbomreports", "clustervulnerabilityreports", "configauditreports", "exposedsecretreports",
            "infraassessmentreports", "rbacassessmentreports", "sbomreports", "vulnerabilityreports",
        ].map((crd) => `aquasecurity.github.io_${crd}.yaml`),
    ),
    url(version: string, file: string): string {
        return `https://raw.githubusercontent.com/aquasecurity/trivy-operator/${version}/deploy/helm/crds/${file}`;
    },
});

/** Argo Rollouts traffic-router plugins the controller downloads at start (Gateway API: Cilium, Traefik's Gateway provider). */
export const rolloutsPlugins = Object.freeze({
    // The release publishes one binary per architecture: gatewayapi-plugin-linux-amd64 / -arm64.
    // renovate: datasource=github-releases depName=argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi
    gatewayApi: Object.freeze({ name: "argoproj-labs/gatewayAPI", version: "v0.15.0" }),
});

/** Sandboxed container runtimes the node setup installs (nova cloud-init; see substrates/nova/runtimes.ts). */
export const nodeRuntimes = Object.freeze({
    // gVisor publishes dated releases at storage.googleapis.com/gvisor/releases/release/<version>/<arch>/.
    // renovate: datasource=github-tags depName=google/gvisor extractVersion=^release-(?<version>.+)$
    gvisor: "20250820.0",
    // renovate: datasource=github-releases depName=WasmEdge/WasmEdge
    wasmedge: "0.14.1",
    // crun built with WasmEdge support: CRI-O runs Wasm through crun, not through containerd shims.
    // renovate: datasource=github-releases depName=containers/crun
    crun: "1.24",
});

/** A bundle of CRD manifests published with a release, applied by the program before anything uses them. */
export interface CrdBundlePin {
    readonly name: string;
    readonly version: string;
    readonly url: string;
}

function crdBundle(name: string, version: string, url: (version: string) => string): CrdBundlePin {
    return Object.freeze({ name, version, url: url(version) });
}

/**
 * An EKS managed add-on pinned per Kubernetes minor. kube-proxy and CoreDNS builds follow the control
 * plane's minor; the others publish one build for many minors, so their map repeats the same pin.
 */
export interface EksAddonPin {
    readonly addonName: string;
    readonly versions: Readonly<Record<string, string>>;
}

function eksAddon(addonName: string, versions: Record<string, string>): EksAddonPin {
    return Object.freeze({ addonName, versions: Object.freeze(versions) });
}

// EKS managed add-ons (substrate eks). Renovate's aws-eks-addon datasource takes the JSON filter in
// packageName. Pins for 1.33/1.34 were seen in public configs, not in the EKS docs table: check them
// with `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <minor>` when bumping.
export const eksAddons = Object.freeze({
    vpcCni: eksAddon("vpc-cni", {
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.31"}
        "1.31": "v1.20.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.32"}
        "1.32": "v1.20.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.33"}
        "1.33": "v1.20.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.34"}
        "1.34": "v1.20.4-eksbuild.2",
    }),
    coredns: eksAddon("coredns", {
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.31"}
        "1.31": "v1.11.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.32"}
        "1.32": "v1.11.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.33"}
        "1.33": "v1.12.1-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.34"}
        "1.34": "v1.12.3-eksbuild.1",
    }),
    kubeProxy: eksAddon("kube-proxy", {
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.31"}
        "1.31": "v1.31.7-eksbuild.7",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.32"}
        "1.32": "v1.32.3-eksbuild.7",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.33"}
        "1.33": "v1.33.0-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.34"}
        "1.34": "v1.34.0-eksbuild.2",
    }),
    podIdentityAgent: eksAddon("eks-pod-identity-agent", {
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.31"}
        "1.31": "v1.3.10-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.32"}
        "1.32": "v1.3.10-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.33"}
        "1.33": "v1.3.10-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.34"}
        "1.34": "v1.3.10-eksbuild.2",
    }),
    ebsCsiDriver: eksAddon("aws-ebs-csi-driver", {
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.31"}
        "1.31": "v1.48.0-eksbuild.1",
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.32"}
        "1.32": "v1.48.0-eksbuild.1",
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.33"}
        "1.33": "v1.48.0-eksbuild.1",
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.34"}
        "1.34": "v1.48.0-eksbuild.1",
    }),
});

// OpenStack substrates. cloud-provider-openstack releases follow Kubernetes: chart 2.X ships
// app v1.X for Kubernetes 1.X, so the OpenStack addons pick the pin of the cluster's minor.
// Renovate must keep each line on its minor (allowedVersions).
export const cloudProviderOpenstackCharts = Object.freeze({
    cloudControllerManager: Object.freeze({
        // renovate: datasource=helm depName=openstack-cloud-controller-manager registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.31\./
        "1.31": chart("openstack-cloud-controller-manager", "https://kubernetes.github.io/cloud-provider-openstack", "2.31.3", ["1.31", "1.31"]),
        // renovate: datasource=helm depName=openstack-cloud-controller-manager registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.32\./
        "1.32": chart("openstack-cloud-controller-manager", "https://kubernetes.github.io/cloud-provider-openstack", "2.32.0", ["1.32", "1.32"]),
        // renovate: datasource=helm depName=openstack-cloud-controller-manager registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.33\./
        "1.33": chart("openstack-cloud-controller-manager", "https://kubernetes.github.io/cloud-provider-openstack", "2.33.1", ["1.33", "1.33"]),
        // renovate: datasource=helm depName=openstack-cloud-controller-manager registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.34\./
        "1.34": chart("openstack-cloud-controller-manager", "https://kubernetes.github.io/cloud-provider-openstack", "2.34.2", ["1.34", "1.34"]),
    } as Record<string, ChartPin>),
    cinderCsi: Object.freeze({
        // renovate: datasource=helm depName=openstack-cinder-csi registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.31\./
        "1.31": chart("openstack-cinder-csi", "https://kubernetes.github.io/cloud-provider-openstack", "2.31.7", ["1.31", "1.31"]),
        // renovate: datasource=helm depName=openstack-cinder-csi registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.32\./
        "1.32": chart("openstack-cinder-csi", "https://kubernetes.github.io/cloud-provider-openstack", "2.32.2", ["1.32", "1.32"]),
        // renovate: datasource=helm depName=openstack-cinder-csi registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.33\./
        "1.33": chart("openstack-cinder-csi", "https://kubernetes.github.io/cloud-provider-openstack", "2.33.1", ["1.33", "1.33"]),
        // renovate: datasource=helm depName=openstack-cinder-csi registryUrl=https://kubernetes.github.io/cloud-provider-openstack allowedVersions=/^2\.34\./
        "1.34": chart("openstack-cinder-csi", "https://kubernetes.github.io/cloud-provider-openstack", "2.34.3", ["1.34", "1.34"]),
    } as Record<string, ChartPin>),
});

/**
 * Node software for kubeadm substrates (nova) and Magnum's kube_tag: the Kubernetes patch release per
 * minor (apt packages kubeadm/kubelet/kubectl from pkgs.k8s.io, revision -1.1) and the CRI-O release of the
 * same minor (download.opensuse.org isv:cri-o; streams up to v1.33 are end of life there).
 * The CRI-O patch pins were not checked against the repository index: check them with
 * `apt-cache madison cri-o` on a node before a release.
 */
export const kubernetesPatches: Readonly<Record<string, string>> = Object.freeze({
    // renovate: datasource=github-releases depName=kubernetes/kubernetes extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.31\./
    "1.31": "1.31.12",
    // renovate: datasource=github-releases depName=kubernetes/kubernetes extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.32\./
    "1.32": "1.32.9",
    // renovate: datasource=github-releases depName=kubernetes/kubernetes extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.33\./
    "1.33": "1.33.2",
    // renovate: datasource=github-releases depName=kubernetes/kubernetes extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.34\./
    "1.34": "1.34.4",
});

export const crioVersions: Readonly<Record<string, string>> = Object.freeze({
    // renovate: datasource=github-releases depName=cri-o/cri-o extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.31\./
    "1.31": "1.31.12",
    // renovate: datasource=github-releases depName=cri-o/cri-o extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.32\./
    "1.32": "1.32.9",
    // renovate: datasource=github-releases depName=cri-o/cri-o extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.33\./
    "1.33": "1.33.13",
    // renovate: datasource=github-releases depName=cri-o/cri-o extractVersion=^v(?<version>.*)$ allowedVersions=/^1\.34\./
    "1.34": "1.34.4",
});

/** kube-vip, the control-plane virtual IP of kubeadm clusters on Nova (static pod on each control-plane node). */
// renovate: datasource=docker depName=ghcr.io/kube-vip/kube-vip
export const kubeVipImage: ImagePin = image("ghcr.io/kube-vip/kube-vip", "v1.2.3");

/** The upgrade Jobs of kubeadm nodes on Nova: a shell and nsenter, to run kubeadm and apt on the host. */
// renovate: datasource=docker depName=docker.io/library/busybox
export const nodeUpgradeImage: ImagePin = image("docker.io/library/busybox", "1.37.0");

/** Compares two "major.minor" Kubernetes versions. */
export function compareMinor(a: string, b: string): number {
    const [amaj, amin] = a.split(".").map(Number);
    const [bmaj, bmin] = b.split(".").map(Number);
    return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}
