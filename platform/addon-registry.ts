import { certManager } from "../addons/cert-manager/manifest";
import { awsLoadBalancerController } from "../addons/aws-load-balancer-controller/manifest";
import { cilium } from "../addons/cilium/manifest";
import { externalDns } from "../addons/external-dns/manifest";
import { metallb } from "../addons/metallb/manifest";
import { traefik } from "../addons/traefik/manifest";
import { metricsServer } from "../addons/metrics-server/manifest";
import { backupStorage } from "../addons/backup-storage/manifest";
import { vault } from "../addons/vault/manifest";
import { externalSecrets } from "../addons/external-secrets/manifest";
import { vaultSecretsOperator } from "../addons/vault-secrets-operator/manifest";
import { cloudnativePg } from "../addons/cloudnative-pg/manifest";
import { velero } from "../addons/velero/manifest";
import { etcdBackup } from "../addons/etcd-backup/manifest";
import { sandboxedRuntimes } from "../addons/sandboxed-runtimes/manifest";
import { trivyOperator } from "../addons/trivy-operator/manifest";
import { kyverno } from "../addons/kyverno/manifest";
import { argoRollouts } from "../addons/argo-rollouts/manifest";
import { prEnvironments } from "../addons/pr-environments/manifest";
import { monitoring } from "../addons/monitoring/manifest";
import { loki } from "../addons/loki/manifest";
import { alloy } from "../addons/alloy/manifest";
import { openTelemetry } from "../addons/open-telemetry/manifest";
import { tempo } from "../addons/tempo/manifest";
import { newRelic } from "../addons/new-relic/manifest";
import { argoCd } from "../addons/argo-cd/manifest";
import { kargo } from "../addons/kargo/manifest";
import { keda } from "../addons/keda/manifest";
import { eraser } from "../addons/eraser/manifest";
import { istio } from "../addons/istio/manifest";
import { redpanda } from "../addons/redpanda/manifest";
import { valkey } from "../addons/valkey/manifest";
import { ebsStorage } from "../addons/ebs-storage/manifest";
import { rookCeph } from "../addons/rook-ceph/manifest";
import { clusterAutoscaler } from "../addons/cluster-autoscaler/manifest";
import { karpenter } from "../addons/karpenter/manifest";
import { tenants } from "../addons/tenants/manifest";
import { openstackCloudControllerManager } from "../addons/openstack-cloud-controller-manager/manifest";
import { cinderCsi } from "../addons/cinder-csi/manifest";
import type { addonSettings } from "../config/addon-settings";

// The addon registry: every addon definition, in no particular order (the platform orders them by
// `requires` and `uses`). Adding an addon = its file + a line here + a line in ./settings.ts.
export const addonDefinitions = [metricsServer, certManager, cilium, metallb, awsLoadBalancerController, traefik, externalDns, sandboxedRuntimes, trivyOperator, kyverno, argoRollouts, prEnvironments, monitoring, loki, alloy, openTelemetry, tempo, newRelic, argoCd, kargo, keda, eraser, istio, redpanda, valkey, ebsStorage, rookCeph, clusterAutoscaler, karpenter, tenants, openstackCloudControllerManager, cinderCsi, backupStorage, vault, externalSecrets, vaultSecretsOperator, cloudnativePg, velero, etcdBackup] as const;

type Definition = (typeof addonDefinitions)[number];
export type AddonKey = keyof typeof addonSettings;
/** The component each enabled addon creates, by key: how addons consume each other's typed outputs. */
export type AddonInstances = { [D in Definition as D["key"]]: ReturnType<D["create"]> };
