import { certManagerSettings } from "../addons/cert-manager";
import { openstackCloudControllerManagerSettings } from "../addons/openstack-cloud-controller-manager";
import { cinderCsiSettings } from "../addons/cinder-csi";
import { awsLoadBalancerControllerSettings } from "../addons/aws-load-balancer-controller";
import { ciliumSettings } from "../addons/cilium";
import { externalDnsSettings } from "../addons/external-dns";
import { metallbSettings } from "../addons/metallb";
import { traefikSettings } from "../addons/traefik";
import { metricsServerSettings } from "../addons/metrics-server";
import { backupStorageSettings } from "../addons/backup-storage";
import { vaultSettings } from "../addons/vault";
import { externalSecretsSettings } from "../addons/external-secrets";
import { vaultSecretsOperatorSettings } from "../addons/vault-secrets-operator";
import { cloudnativePgSettings } from "../addons/cloudnative-pg";
import { veleroSettings } from "../addons/velero";
import { etcdBackupSettings } from "../addons/etcd-backup";
import { sandboxedRuntimesSettings } from "../addons/sandboxed-runtimes";
import { trivyOperatorSettings } from "../addons/trivy-operator";
import { kyvernoSettings } from "../addons/kyverno";
import { argoRolloutsSettings } from "../addons/argo-rollouts";
import { prEnvironmentsSettings } from "../addons/pr-environments";
import { monitoringSettings } from "../addons/monitoring";
import { lokiSettings } from "../addons/loki";
import { alloySettings } from "../addons/alloy";
import { openTelemetrySettings } from "../addons/open-telemetry";
import { tempoSettings } from "../addons/tempo";
import { newRelicSettings } from "../addons/new-relic";
import { argoCdSettings } from "../addons/argo-cd";
import { kargoSettings } from "../addons/kargo";
import { kedaSettings } from "../addons/keda";
import { eraserSettings } from "../addons/eraser";
import { istioSettings } from "../addons/istio";
import { redpandaSettings } from "../addons/redpanda";
import { valkeySettings } from "../addons/valkey";
import { ebsStorageSettings } from "../addons/ebs-storage";
import { rookCephSettings } from "../addons/rook-ceph";
import { clusterAutoscalerSettings } from "../addons/cluster-autoscaler";
import { karpenterSettings } from "../addons/karpenter";
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
