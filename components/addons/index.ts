import { certManager } from "./cert-manager";
import { awsLoadBalancerController } from "./aws-load-balancer-controller";
import { cilium } from "./cilium";
import { externalDns } from "./external-dns";
import { metallb } from "./metallb";
import { traefik } from "./traefik";
import { metricsServer } from "./metrics-server";
import { backupStorage } from "./backup-storage";
import { vault } from "./vault";
import { externalSecrets } from "./external-secrets";
import { vaultSecretsOperator } from "./vault-secrets-operator";
import { cloudnativePg } from "./cloudnative-pg";
import { velero } from "./velero";
import { etcdBackup } from "./etcd-backup";
import { sandboxedRuntimes } from "./runtime-classes";
import { trivyOperator } from "./trivy-operator";
import { kyverno } from "./kyverno";
import { argoRollouts } from "./argo-rollouts";
import { prEnvironments } from "./pr-environments";
import { monitoring } from "./monitoring";
import { loki } from "./loki";
import { alloy } from "./alloy";
import { openTelemetry } from "./opentelemetry-collector";
import { tempo } from "./tempo";
import { newRelic } from "./new-relic";
import { argoCd } from "./argo-cd";
import { kargo } from "./kargo";
import { keda } from "./keda";
import { eraser } from "./eraser";
import { istio } from "./istio";
import { redpanda } from "./redpanda";
import { valkey } from "./valkey";
import { ebsStorage } from "./ebs-storage";
import { rookCeph } from "./rook-ceph";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { karpenter } from "./karpenter";
import { tenants } from "./tenants";
import { openstackCloudControllerManager } from "./openstack-cloud-controller-manager";
import { cinderCsi } from "./cinder-csi";
import type { addonSettings } from "./settings";

// The addon registry: every addon definition, in no particular order (the platform orders them by
// `requires` and `uses`). Adding an addon = its file + a line here + a line in ./settings.ts.
export const addonDefinitions = [metricsServer, certManager, cilium, metallb, awsLoadBalancerController, traefik, externalDns, sandboxedRuntimes, trivyOperator, kyverno, argoRollouts, prEnvironments, monitoring, loki, alloy, openTelemetry, tempo, newRelic, argoCd, kargo, keda, eraser, istio, redpanda, valkey, ebsStorage, rookCeph, clusterAutoscaler, karpenter, tenants, openstackCloudControllerManager, cinderCsi, backupStorage, vault, externalSecrets, vaultSecretsOperator, cloudnativePg, velero, etcdBackup] as const;

type Definition = (typeof addonDefinitions)[number];
export type AddonKey = keyof typeof addonSettings;
/** The component each enabled addon creates, by key: how addons consume each other's typed outputs. */
export type AddonInstances = { [D in Definition as D["key"]]: ReturnType<D["create"]> };
