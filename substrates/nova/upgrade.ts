import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { nodeUpgradeImage } from "../../model/versions";
import { aptVersion, crioRepository, kubernetesRepository } from "./cloud-init";

// In-place Kubernetes upgrades of kubeadm nodes, as kubernetes.io "Upgrading kubeadm clusters" describes them:
// the first control plane runs `kubeadm upgrade apply`, the other control planes `kubeadm upgrade node`, then
// the workers, one node at a time: new kubeadm, upgrade, drain, new CRI-O/kubelet/kubectl, restart, uncordon.
// Each node gets a privileged Job pinned to it (nodeName) that does this on the host through nsenter. Job
// names carry the target release, so each runs once per release; a node already at the target exits at once
// (a new node is installed at the target by its user data). The Jobs are chained: one node at a time.

export type UpgradeStep = "apply" | "node";

export interface NodeUpgradeArgs {
    /** The Kubernetes node (server) name. */
    node: string;
    /** `kubeadm upgrade apply` on the first control plane, `kubeadm upgrade node` everywhere else. */
    step: UpgradeStep;
    /** Exact release, "1.34.4". */
    kubernetesVersion: string;
    /** Exact CRI-O release of the same minor. */
    crioVersion: string;
    /** https://host:6443 of the API servers, as the nodes reach them. */
    apiServer: string;
}

export const upgradeLabel = "groundwork.io/node-upgrade";
const kubeconfigPath = "/run/groundwork-node-upgrade.conf";

/**
 * The script of one node's upgrade Job (/bin/sh in a busybox container with the host's PID namespace):
 * `host` runs a command on the node. kubectl on the node acts with the Job's service account (drain,
 * uncordon); its token reaches the host through a root-only file, never a command line.
 */
export function nodeUpgradeScript(args: NodeUpgradeArgs): string {
    const target = `v${args.kubernetesVersion}`;
    const k8s = aptVersion(args.kubernetesVersion);
    const kubeadmUpgrade = args.step === "apply" ? `host kubeadm upgrade apply --yes ${target}` : "host kubeadm upgrade node";
    return [
        "set -eu",
        'host() { nsenter -t 1 -m -u -i -n -p -- "$@"; }',
        `node=${args.node}`,
        `target=${target}`,
        'if [ "$(host kubeadm version -o short)" = "$target" ] && [ "$(host kubelet --version)" = "Kubernetes $target" ]; then',
        '  echo "$node already runs $target"',
        "  exit 0",
        "fi",
        `kubeconfig=${kubeconfigPath}`,
        'token="$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"',
        "(",
        "  umask 077",
        `  printf 'apiVersion: v1\\nkind: Config\\nclusters:\\n- name: cluster\\n  cluster:\\n    server: %s\\n    certificate-authority: /etc/kubernetes/pki/ca.crt\\nusers:\\n- name: node-upgrade\\n  user:\\n    token: %s\\ncontexts:\\n- name: node-upgrade\\n  context:\\n    cluster: cluster\\n    user: node-upgrade\\ncurrent-context: node-upgrade\\n' '${args.apiServer}' "$token" | host tee "$kubeconfig" >/dev/null`,
        ")",
        'kubectl() { host kubectl --kubeconfig "$kubeconfig" "$@"; }',
        "# The package repositories of the target minor (pkgs.k8s.io and CRI-O publish one per minor).",
        `echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] ${kubernetesRepository(args.kubernetesVersion)} /' | host tee /etc/apt/sources.list.d/kubernetes.list >/dev/null`,
        `echo 'deb [signed-by=/etc/apt/keyrings/cri-o-apt-keyring.gpg] ${crioRepository(args.crioVersion)} /' | host tee /etc/apt/sources.list.d/cri-o.list >/dev/null`,
        "host apt-get update",
        "host apt-mark unhold kubeadm",
        `host apt-get install -y kubeadm=${k8s}`,
        "host apt-mark hold kubeadm",
        kubeadmUpgrade,
        `kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --pod-selector='!${upgradeLabel}' --timeout=15m`,
        "host apt-mark unhold cri-o kubelet kubectl",
        `host apt-get install -y cri-o=${aptVersion(args.crioVersion)} kubelet=${k8s} kubectl=${k8s}`,
        "host apt-mark hold cri-o kubelet kubectl",
        "host systemctl daemon-reload",
        "host systemctl restart crio",
        "host systemctl restart kubelet",
        'kubectl uncordon "$node"',
        'host rm -f "$kubeconfig"',
        'echo "$node upgraded to $target"',
        "",
    ].join("\n");
}

/** A Job name (at most 63 characters) for upgrading `node` to `version`. */
export function upgradeJobName(node: string, version: string): string {
    const name = `upgrade-${node}-v${version.replace(/\./g, "-")}`;
    if (name.length <= 63) return name;
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
    return `${name.slice(0, 54)}-${hash}`;
}

export interface NodeUpgradesArgs {
    /** Nodes in upgrade order: the first control plane, the other control planes, then the workers. */
    nodes: readonly { node: string; step: UpgradeStep }[];
    kubernetesVersion: string;
    crioVersion: string;
    apiServer: pulumi.Input<string>;
    provider: k8s.Provider;
}

/** The upgrade Jobs of every node, one after the other, and the service account that drains nodes. */
export class NodeUpgrades extends pulumi.ComponentResource {
    readonly jobs: k8s.batch.v1.Job[];

    constructor(name: string, args: NodeUpgradesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:NodeUpgrades", name, {}, opts);
        const namespace = "kube-system";
        const k8sOpts = { parent: this, provider: args.provider };
        const account = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: { name: "node-upgrade", namespace } }, k8sOpts);
        // What `kubectl drain` and `kubectl uncordon` need, nothing more.
        const role = new k8s.rbac.v1.ClusterRole(
            `${name}-drain`,
            {
                metadata: { name: "groundwork:node-upgrade" },
                rules: [
                    { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
                    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
                    { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
                ],
            },
            k8sOpts,
        );
        const binding = new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-drain`,
            {
                metadata: { name: "groundwork:node-upgrade" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace }],
            },
            k8sOpts,
        );

        this.jobs = [];
        for (const { node, step } of args.nodes) {
            const previous = this.jobs.at(-1);
            const script = pulumi
                .output(args.apiServer)
                .apply((apiServer) =>
                    nodeUpgradeScript({ node, step, kubernetesVersion: args.kubernetesVersion, crioVersion: args.crioVersion, apiServer }),
                );
            this.jobs.push(
                new k8s.batch.v1.Job(
                    `${name}-${node}`,
                    {
                        metadata: { name: upgradeJobName(node, args.kubernetesVersion), namespace, labels: { [upgradeLabel]: node } },
                        spec: {
                            backoffLimit: 2,
                            activeDeadlineSeconds: 3600,
                            template: {
                                metadata: { labels: { [upgradeLabel]: node } },
                                spec: {
                                    // Bound to the node without the scheduler: runs on a cordoned or tainted node too.
                                    nodeName: node,
                                    hostPID: true,
                                    // Runs before and without the pod network (the CNI may be what is being restarted).
                                    hostNetwork: true,
                                    restartPolicy: "Never",
                                    serviceAccountName: account.metadata.name,
                                    priorityClassName: "system-node-critical",
                                    tolerations: [{ operator: "Exists" }],
                                    containers: [
                                        {
                                            name: "upgrade",
                                            image: `${nodeUpgradeImage.image}:${nodeUpgradeImage.tag}`,
                                            command: ["sh", "-c", script],
                                            securityContext: { privileged: true },
                                            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                                        },
                                    ],
                                },
                            },
                        },
                    },
                    { ...k8sOpts, dependsOn: [binding, ...(previous ? [previous] : [])], customTimeouts: { create: "60m", update: "60m" } },
                ),
            );
        }
        this.registerOutputs({});
    }
}
