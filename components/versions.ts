// The one version catalog. Every chart, image, CRD bundle and managed add-on version the program deploys
// is pinned here, exactly (no ranges, no "latest"), and nowhere else.
//
// Each pin sits under a `// renovate:` comment that renovate.json's custom manager reads, so version
// bumps arrive as reviewed pull requests. `kubernetes` is the range of Kubernetes minors the pinned release
// supports (from the chart's kubeVersion or its release notes): the config refuses a cluster version outside
// it, naming both versions.

/** A Helm chart pinned to one version, with the Kubernetes minors that version supports. */
export interface ChartPin {
    readonly chart: string;
    readonly repo: string;
    readonly version: string;
    readonly kubernetes: { readonly min: string; readonly max: string };
}

/** A container image pinned to one tag. */
export interface ImagePin {
    readonly image: string;
    readonly tag: string;
}

function chart(name: string, repo: string, version: string, kubernetes: [string, string]): ChartPin {
    return Object.freeze({ chart: name, repo, version, kubernetes: Object.freeze({ min: kubernetes[0], max: kubernetes[1] }) });
}

export function image(name: string, tag: string): ImagePin {
    return Object.freeze({ image: name, tag });
}

/** Kubernetes minors this release of groundwork is tested against; the config refuses others. */
export const kubernetesVersions = Object.freeze({ min: "1.31", max: "1.34" });

export const charts = Object.freeze({
    // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server
    metricsServer: chart("metrics-server", "https://kubernetes-sigs.github.io/metrics-server", "3.13.1", ["1.31", "1.35"]),
    // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
    certManager: chart("cert-manager", "https://charts.jetstack.io", "v1.21.1", ["1.31", "1.35"]),
});

// CRD bundles follow their chart's pin (no renovate line of their own): one bump moves both.
export const crdBundles = Object.freeze({
    certManager: crdBundle("cert-manager", charts.certManager.version, (v) => `https://github.com/cert-manager/cert-manager/releases/download/${v}/cert-manager.crds.yaml`),
});

export const images = Object.freeze({
});

/** A bundle of CRD manifests published with a release, applied by the program before anything uses them. */
export interface CrdBundlePin {
    readonly name: string;
    readonly version: string;
    readonly url: string;
}

function crdBundle(name: string, version: string, url: (version: string) => string): CrdBundlePin {
    return Object.freeze({ name, version, url: url(version) });
}

/** Compares two "major.minor" Kubernetes versions. */
export function compareMinor(a: string, b: string): number {
    const [amaj, amin] = a.split(".").map(Number);
    const [bmaj, bmin] = b.split(".").map(Number);
    return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}
