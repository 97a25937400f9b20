import { certManagerSettings } from "../addons/cert-manager/settings";
import { openstackCloudControllerManagerSettings } from "../addons/openstack-cloud-controller-manager/settings";
import { cinderCsiSettings } from "../addons/cinder-csi/settings";
import { awsLoadBalancerControllerSettings } from "../addons/aws-load-balancer-controller/settings";
import { ciliumSettings } from "../addons/cilium/settings";
import { externalDnsSettings } from "../addons/external-dns/settings";
import { metallbSettings } from "../addons/metallb/settings";
import { traefikSettings } from "../addons/traefik/settings";
import { metricsServerSettings } from "../addons/metrics-server/settings";
import { backupStorageSettings } from "../addons/backup-storage/settings";
import { vaultSettings } from "../addons/vault/settings";
import { externalSecretsSettings } from "../addons/external-secrets/settings";
import { vaultSecretsOperatorSettings } from "../addons/vault-secrets-operator/settings";
import { cloudnativePgSettings } from "../addons/cloudnative-pg/settings";
import { veleroSettings } from "../addons/velero/settings";
import { etcdBackupSettings } from "../addons/etcd-backup/settings";
import { sandboxedRuntimesSettings } from "../addons/sandboxed-runtimes/settings";
import { trivyOperatorSettings } from "../addons/trivy-operator/settings";
import { kyvernoSettings } from "../addons/kyverno/settings";
import { argoRolloutsSettings } from "../addons/argo-rollouts/settings";
import { prEnvironmentsSettings } from "../addons/pr-environments/settings";
import { monitoringSettings } from "../addons/monitoring/settings";
import { lokiSettings } from "../addons/loki/settings";
import { alloySettings } from "../addons/alloy/settings";
import { openTelemetrySettings } from "../addons/open-telemetry/settings";
import { tempoSettings } from "../addons/tempo/settings";
import { newRelicSettings } from "../addons/new-relic/settings";
import { argoCdSettings } from "../addons/argo-cd/settings";
import { kargoSettings } from "../addons/kargo/settings";
import { kedaSettings } from "../addons/keda/settings";
import { eraserSettings } from "../addons/eraser/settings";
import { istioSettings } from "../addons/istio/settings";
import { redpandaSettings } from "../addons/redpanda/settings";
import { valkeySettings } from "../addons/valkey/settings";
import { ebsStorageSettings } from "../addons/ebs-storage/settings";
import { rookCephSettings } from "../addons/rook-ceph/settings";
import { clusterAutoscalerSettings } from "../addons/cluster-autoscaler/settings";
import { karpenterSettings } from "../addons/karpenter/settings";
import { tenantsSettings } from "../addons/tenants/tenancy-settings";

// The settings schema of every addon, by its key under `addons:` in the stack config. Kept apart from the
// definitions (./index.ts) so the config schema's type does not depend on the addon classes.
export const addonSettings = {
    backupStorage: backupStorageSettings,
    vault: vaultSettings,
    externalSecrets: externalSecretsSettings,
    vaultSecretsOperator: vaultSecretsOperatorSettings,
    cloudnativePg: cloudnativePgSettings,
    velero: veleroSettings,
    etcdBackup: etcdBackupSettings,
    monitoring: monitoringSettings,
    loki: lokiSettings,
    alloy: alloySettings,
    openTelemetry: openTelemetrySettings,
    tempo: tempoSettings,
    newRelic: newRelicSettings,
    argoCd: argoCdSettings,
    kargo: kargoSettings,
    keda: kedaSettings,
    eraser: eraserSettings,
    istio: istioSettings,
    redpanda: redpandaSettings,
    valkey: valkeySettings,
    metricsServer: metricsServerSettings,
    certManager: certManagerSettings,
    cilium: ciliumSettings,
    metallb: metallbSettings,
    awsLoadBalancerController: awsLoadBalancerControllerSettings,
    traefik: traefikSettings,
    externalDns: externalDnsSettings,
    sandboxedRuntimes: sandboxedRuntimesSettings,
    trivyOperator: trivyOperatorSettings,
    kyverno: kyvernoSettings,
    argoRollouts: argoRolloutsSettings,
    prEnvironments: prEnvironmentsSettings,
    ebsStorage: ebsStorageSettings,
    rookCeph: rookCephSettings,
    clusterAutoscaler: clusterAutoscalerSettings,
    karpenter: karpenterSettings,
    tenants: tenantsSettings,
    openstackCloudControllerManager: openstackCloudControllerManagerSettings,
    cinderCsi: cinderCsiSettings,
};
