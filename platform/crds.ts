import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { CrdBundlePin } from "../model/versions";

// CRDs first. Helm installs a chart's CRDs once and never upgrades them, so an addon whose CRDs other
// resources use applies the release's CRD bundle itself (server-side apply, upgraded whenever the pin
// moves), installs its chart with skipCrds, and exposes the bundle so custom resources depend on it.

export function crdBundle(
    scope: pulumi.Resource,
    scopeName: string,
    bundle: CrdBundlePin,
    opts?: pulumi.ComponentResourceOptions,
): k8s.yaml.v2.ConfigFile {
    return new k8s.yaml.v2.ConfigFile(
        `${scopeName}-crds`,
        { file: bundle.url, skipAwait: false },
        // CRDs hold every custom resource of their kind: deleting them deletes those resources.
        { parent: scope, retainOnDelete: true, ...opts },
    );
}
