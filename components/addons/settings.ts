import { certManagerSettings } from "./cert-manager";
import { openstackCloudControllerManagerSettings } from "./openstack-cloud-controller-manager";
import { cinderCsiSettings } from "./cinder-csi";
import { awsLoadBalancerControllerSettings } from "./aws-load-balancer-controller";
import { ciliumSettings } from "./cilium";
import { externalDnsSettings } from "./external-dns";
import { metallbSettings } from "./metallb";
import { traefikSettings } from "./traefik";
import { metricsServerSettings } from "./metrics-server";
import { backupStorageSettings } from "./backup-storage";
import { vaultSettings } from "./vault";
import { externalSecretsSettings } from "./external-secrets";
import { vaultSecretsOperatorSettings } from "./vault-secrets-operator";
import { cloudnativePgSettings } from "./cloudnative-pg";
import { veleroSettings } from "./velero";
import { etcdBackupSettings } from "./etcd-backup";
import { sandboxedRuntimesSettings } from "./runtime-classes";
import { trivyOperatorSettings } from "./trivy-operator";
import { kyvernoSettings } from "./kyverno";
import { argoRolloutsSettings } from "./argo-rollouts";
import { prEnvironmentsSettings } from "./pr-environments";
import { monitoringSettings } from "./monitoring";
import { lokiSettings } from "./loki";
import { alloySettings } from "./alloy";
import { openTelemetrySettings } from "./opentelemetry-collector";
import { tempoSettings } from "./tempo";
import { newRelicSettings } from "./new-relic";
import { argoCdSettings } from "./argo-cd";
import { kargoSettings } from "./kargo";
import { kedaSettings } from "./keda";
import { eraserSettings } from "./eraser";
import { istioSettings } from "./istio";
import { redpandaSettings } from "./redpanda";
import { valkeySettings } from "./valkey";
import { ebsStorageSettings } from "./ebs-storage";
import { rookCephSettings } from "./rook-ceph";
import { clusterAutoscalerSettings } from "./cluster-autoscaler";
import { karpenterSettings } from "./karpenter";
import { tenantsSettings } from "../tenancy/settings";

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
