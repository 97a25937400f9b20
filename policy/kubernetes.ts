import { definePolicy, type PlatformPolicy, type PolicyResource } from "./types";
import { at, isMap, isTrue, list, show, strings, walk } from "./values";

// Kubernetes objects: Pod Security Admission labels on every namespace, encrypted storage classes, TLS on
// every ingress, no `latest` images anywhere, and manifest bundles fetched from a pinned release.

const psaModes = ["enforce", "audit", "warn"] as const;
const psaLevels = new Set(["privileged", "baseline", "restricted"]);

/** CSI provisioners whose StorageClass `parameters` switch volume encryption on, and the switch. */
export const encryptingProvisioners: Readonly<Record<string, string>> = {
    "ebs.csi.aws.com": "encrypted",
    "kubernetes.io/aws-ebs": "encrypted",
    "rook-ceph.rbd.csi.ceph.com": "encrypted",
};

const isKubernetes = (r: PolicyResource) => r.type.startsWith("kubernetes:");

/**
 * A Kyverno policy's `validate` block matches images with wildcards (`ghcr.io/acme/*`, the user's registry
 * allow-list; `*:*`): patterns, not images that get pulled, so not pins to check. Its `mutate` patches are.
 */
const isKyvernoPattern = (r: PolicyResource, path: string) => r.type.startsWith("kubernetes:kyverno.io/") && /(^|\.)validate\./.test(path);

export const kubernetesPolicies: readonly PlatformPolicy[] = [
    definePolicy({
        name: "namespace-psa-labels",
        description: "Every namespace carries Pod Security Admission enforce, audit and warn labels",
        resourceTypes: ["kubernetes:core/v1:Namespace"],
        check: (r) => {
            const labels = at(r.inputs, "metadata.labels");
            return psaModes.flatMap((mode) => {
                const key = `pod-security.kubernetes.io/${mode}`;
                const value = isMap(labels) ? labels[key] : undefined;
                return typeof value === "string" && psaLevels.has(value)
                    ? []
                    : [`metadata.labels["${key}"]: expected privileged, baseline or restricted, got ${show(value)}`];
            });
        },
    }),
    definePolicy({
        name: "storage-class-encrypted",
        description: "StorageClasses of provisioners that can encrypt volumes do",
        resourceTypes: ["kubernetes:storage.k8s.io/v1:StorageClass"],
        check: (r) => {
            const provisioner = String(r.inputs.provisioner ?? "");
            const key = Object.entries(encryptingProvisioners).find(([p]) => provisioner === p || provisioner.endsWith(`.${p}`))?.[1];
            if (!key) return [];
            const value = at(r.inputs, `parameters.${key}`);
            return isTrue(value) ? [] : [`parameters.${key}: expected "true" (${provisioner}), got ${show(value)}`];
        },
    }),
    definePolicy({
        name: "ingress-tls",
        description: "Every Ingress serves TLS for each of its hosts",
        resourceTypes: ["kubernetes:networking.k8s.io/v1:Ingress"],
        check: (r) => {
            const tls = list(at(r.inputs, "spec.tls"));
            if (tls.length === 0) return [`spec.tls: expected a certificate for the ingress's hosts, got nothing`];
            const covered = new Set(tls.flatMap((t) => strings(at(t, "hosts"))));
            const hosts = list(at(r.inputs, "spec.rules")).flatMap((rule) => strings(at(rule, "host")));
            const bare = hosts.filter((h) => !covered.has(h));
            return bare.length ? [`spec.tls[].hosts: expected every rule host, got none for ${show(bare)}`] : [];
        },
    }),
    definePolicy({
        name: "no-latest-images",
        description: "No image is `latest` or untagged, in manifests or in Helm values",
        check: (r) => {
            if (!isKubernetes(r)) return [];
            const problems: string[] = [];
            for (const [path, value, key] of walk(r.inputs)) {
                if (typeof value !== "string" || isKyvernoPattern(r, path)) continue;
                const inPodSpec = /(^|\.)(initContainers|containers|ephemeralContainers)\[\d+\]\.image$/.test(path);
                if ((key === "tag" || key === "imageTag") && value.trim().toLowerCase() === "latest") {
                    problems.push(`${path}: expected a pinned tag from model/versions.ts, got "latest"`);
                } else if (key === "image" && imageTagProblem(value, inPodSpec)) {
                    problems.push(`${path}: expected an image with a pinned tag or digest, got "${value}"`);
                }
            }
            return problems;
        },
    }),
    definePolicy({
        name: "manifests-pinned",
        description: "Manifest bundles (CRDs) are fetched from a release, not a branch or `latest`",
        resourceTypes: [
            "kubernetes:yaml/v2:ConfigFile",
            "kubernetes:yaml:ConfigFile",
            "kubernetes:yaml/v2:ConfigGroup",
            "kubernetes:yaml:ConfigGroup",
        ],
        check: (r) =>
            [...strings(r.inputs.file), ...strings(r.inputs.files)]
                .filter((f) => /^https?:\/\//.test(f) && /\/(latest|main|master|HEAD)\/|refs\/heads\//.test(f))
                .map((f) => `file: expected a URL of a tagged release, got "${f}"`),
    }),
];

/** `latest` explicitly, or (in a pod spec, where no separate tag field exists) no tag at all. */
function imageTagProblem(image: string, requireTag: boolean): boolean {
    if (image.includes("@sha256:")) return false;
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    if (colon < 0) return requireTag;
    return lastSegment.slice(colon + 1).toLowerCase() === "latest";
}
