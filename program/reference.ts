import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { outputsVersion, type StackOutputs } from "./outputs";

// Reading a groundwork stack from another Pulumi project (an application, or the platform half of a split
// deployment): a typed view over pulumi.StackReference. Secrets stay secrets. Every value waits for a check
// of the referenced stack's `outputsVersion`, so a stack older (or newer) than this helper fails with a
// message that says what to do instead of a missing field deep in someone's program.
//
//   import { GroundworkStack } from "groundwork";   (the package root, package/index.ts)
//   const platform = new GroundworkStack("platform", "acme/groundwork/prod");
//   const issuer = platform.get("clusterIssuers").apply((i) => i?.default);

/** The plain values behind StackOutputs, as another stack sees them. */
export type Resolved<T> =
    T extends pulumi.Output<infer U>
        ? U
        : T extends readonly (infer E)[]
          ? Resolved<E>[]
          : T extends object
            ? { [K in keyof T]: Resolved<T[K]> }
            : T;
export type StackOutputValues = Resolved<StackOutputs>;

/** Thrown (inside the deployment) when the referenced stack's outputs are not the shape this helper reads. */
export function checkOutputsVersion(stack: string, version: unknown, expected: number = outputsVersion): number {
    if (typeof version !== "number") {
        throw new Error(
            `${stack}: expected a groundwork stack exporting outputsVersion ${expected}, got none — is this a groundwork stack, deployed with a release that has typed outputs?`,
        );
    }
    if (version < expected) {
        throw new Error(
            `${stack}: expected outputsVersion ${expected}, got ${version} — the stack is older than this helper; run \`pulumi up\` on ${stack} with the current groundwork first`,
        );
    }
    if (version > expected) {
        throw new Error(
            `${stack}: expected outputsVersion ${expected}, got ${version} — the stack is newer than this helper; update groundwork in this project`,
        );
    }
    return version;
}

export class GroundworkStack {
    readonly reference: pulumi.StackReference;
    readonly stack: string;
    private readonly version: pulumi.Output<number>;

    /** `stack` is the fully qualified name, "org/groundwork/prod" (or "groundwork/prod" on a self-managed backend). */
    constructor(name: string, stack: string, opts?: pulumi.CustomResourceOptions) {
        this.stack = stack;
        this.reference = new pulumi.StackReference(name, { name: stack }, opts);
        this.version = this.reference.getOutput("outputsVersion").apply((v) => checkOutputsVersion(stack, v));
    }

    /** One output, typed; a secret output stays secret. */
    get<K extends keyof StackOutputValues>(key: K): pulumi.Output<StackOutputValues[K]> {
        return pulumi.all([this.version, this.reference.getOutput(key as string)]).apply(([, value]) => value as StackOutputValues[K]);
    }

    /** A Kubernetes provider for the referenced cluster (from its secret kubeconfig output). */
    kubernetesProvider(name: string, opts?: pulumi.CustomResourceOptions): k8s.Provider {
        return new k8s.Provider(name, { kubeconfig: this.get("kubeconfig"), clusterIdentifier: this.get("clusterName") }, opts);
    }
}
