import { certManager } from "../addons/cert-manager";
import { awsLoadBalancerController } from "../addons/aws-load-balancer-controller";
import { cilium } from "../addons/cilium";
import { externalDns } from "../addons/external-dns";
import { metallb } from "../addons/metallb";
import { traefik } from "../addons/traefik";
import { metricsServer } from "../addons/metrics-server";
import { backupStorage } from "../addons/backup-storage";
import { vault } from "../addons/vault";
import { externalSecrets } from "../addons/external-secrets";
import { vaultSecretsOperator } from "../addons/vault-secrets-operator";
import { cloudnativePg } from "../addons/cloudnative-pg";
import { velero } from "../addons/velero";
import { etcdBackup } from "../addons/etcd-backup";
import { sandboxedRuntimes } from "../addons/sandboxed-runtimes";
import { trivyOperator } from "../addons/trivy-operator";
import { kyverno } from "../addons/kyverno";
import { argoRollouts } from "../addons/argo-rollouts";
import { prEnvironments } from "../addons/pr-environments";
import { monitoring } from "../addons/monitoring";
import { loki } from "../addons/loki";
import { alloy } from "../addons/alloy";
import { openTelemetry } from "../addons/open-telemetry";
import { tempo } from "../addons/tempo";
import { newRelic } from "../addons/new-relic";
import { argoCd } from "../addons/argo-cd";
import { kargo } from "../addons/kargo";
import { keda } from "../addons/keda";
import { eraser } from "../addons/eraser";
import { istio } from "../addons/istio";
import { redpanda } from "../addons/redpanda";
import { valkey } from "../addons/valkey";
import { ebsStorage } from "../addons/ebs-storage";
import { rookCeph } from "../addons/rook-ceph";
import { clusterAutoscaler } from "../addons/cluster-autoscaler";
import { karpenter } from "../addons/karpenter";
import { tenants } from "../addons/tenants";
import { openstackCloudControllerManager } from "../addons/openstack-cloud-controller-manager";
import { cinderCsi } from "../addons/cinder-csi";
import type { addonSettings } from "../config/addon-settings";

// The addon registry: every addon definition, in no particular order (the platform orders them by
// `requires` and `uses`). Adding an addon = its file + a line here + a line in ./settings.ts.
export const addonDefinitions = [metricsServer, certManager, cilium, metallb, awsLoadBalancerController, traefik, externalDns, sandboxedRuntimes, trivyOperator, kyverno, argoRollouts, prEnvironments, monitoring, loki, alloy, openTelemetry, tempo, newRelic, argoCd, kargo, keda, eraser, istio, redpanda, valkey, ebsStorage, rookCeph, clusterAutoscaler, karpenter, tenants, openstackCloudControllerManager, cinderCsi, backupStorage, vault, externalSecrets, vaultSecretsOperator, cloudnativePg, velero, etcdBackup] as const;

type Definition = (typeof addonDefinitions)[number];
export type AddonKey = keyof typeof addonSettings;
/** The component each enabled addon creates, by key: how addons consume each other's typed outputs. */
export type AddonInstances = { [D in Definition as D["key"]]: ReturnType<D["create"]> };
