import { nodeRuntimes } from "../../model/versions";
import { runtimeFacts, runtimeNodeLabel, sandboxedRuntimeNames, type SandboxedRuntime } from "../../model/runtimes";

// Node setup for sandboxed runtimes on nova's kubeadm nodes (CRI-O). The nova cloud-init calls
// `sandboxedRuntimeSetup(runtimesOfPool(pool))` for each pool and appends the shell lines to its runcmd
// before kubelet starts (CRI-O reads its drop-ins at start, so the restart below is cheap before join).
// gVisor: the pinned runsc release, checksum-verified, registered as CRI-O runtime "runsc".
// WasmEdge: the pinned WasmEdge library and crun built with WasmEdge support, registered as "wasmedge"
// (CRI-O runs Wasm through crun; the containerd runwasi shims do not apply to CRI-O).

/** The runtimes a node pool declares through its labels (`groundwork.io/runtime-<name>: "true"`). */
export function runtimesOfPool(pool: { readonly labels: Readonly<Record<string, string>> }): SandboxedRuntime[] {
    return sandboxedRuntimeNames.filter((r) => pool.labels[runtimeNodeLabel(r)] === "true");
}

/** The CRI-O drop-in (/etc/crio/crio.conf.d/) that registers a runtime under its RuntimeClass handler. */
export function crioRuntimeConfig(runtime: SandboxedRuntime): { path: string; content: string } {
    const handler = runtimeFacts[runtime].handler;
    const binary = runtime === "gvisor" ? "/usr/local/bin/runsc" : "/usr/local/bin/crun-wasmedge";
    const lines = [
        `[crio.runtime.runtimes.${handler}]`,
        `runtime_path = "${binary}"`,
        `runtime_type = "oci"`,
        `runtime_root = "/run/${handler}"`,
    ];
    // crun picks the Wasm handler from this pod annotation (or from a wasm image's platform).
    if (runtime === "wasmedge") lines.push(`allowed_annotations = ["module.wasm.image/variant"]`);
    return { path: `/etc/crio/crio.conf.d/20-${handler}.conf`, content: `${lines.join("\n")}\n` };
}

function gvisorLines(): string[] {
    const v = nodeRuntimes.gvisor;
    return [
        "# gVisor (runsc), pinned and checksum-verified",
        `GVISOR_URL="https://storage.googleapis.com/gvisor/releases/release/${v}/$(uname -m)"`,
        'cd "$(mktemp -d)"',
        'curl -fsSLO "$GVISOR_URL/runsc" && curl -fsSLO "$GVISOR_URL/runsc.sha512"',
        "sha512sum -c runsc.sha512",
        "install -m 0755 runsc /usr/local/bin/runsc",
        "cd /",
    ];
}

/** Where the WasmEdge release tarball (manylinux2014), unpacked into /usr/local, puts libwasmedge.so.0. */
export const wasmedgeLibDir = "/usr/local/lib64";

function wasmedgeLines(): string[] {
    const { wasmedge, crun } = nodeRuntimes;
    return [
        "# WasmEdge library and crun built with it (Ubuntu build dependencies)",
        "apt-get install -y --no-install-recommends git make gcc autoconf automake libtool pkg-config python3 go-md2man libsystemd-dev libseccomp-dev libcap-dev libyajl-dev",
        'WASMEDGE_ARCH="$(uname -m)"',
        `curl -fsSL "https://github.com/WasmEdge/WasmEdge/releases/download/${wasmedge}/WasmEdge-${wasmedge}-manylinux2014_$WASMEDGE_ARCH.tar.xz" | tar -xJ -C /usr/local --strip-components=1`,
        // The manylinux tarball keeps libwasmedge.so.0 in lib64, which is on neither Ubuntu's loader path nor
        // its linker path: register it for crun at run time and point crun's build at it.
        `echo ${wasmedgeLibDir} > /etc/ld.so.conf.d/wasmedge.conf`,
        "ldconfig",
        `git clone --depth 1 --branch ${crun} https://github.com/containers/crun.git /usr/local/src/crun`,
        "cd /usr/local/src/crun && ./autogen.sh",
        `./configure --with-wasmedge LDFLAGS=-L${wasmedgeLibDir} && make -j"$(nproc)"`,
        "install -m 0755 /usr/local/src/crun/crun /usr/local/bin/crun-wasmedge",
        "cd /",
    ];
}

/**
 * Shell lines (bash, run as root, after CRI-O is installed and before `kubeadm join`) that install the
 * runtimes and register them with CRI-O. Empty for a pool that declares none.
 */
export function sandboxedRuntimeSetup(runtimes: readonly SandboxedRuntime[]): string[] {
    if (runtimes.length === 0) return [];
    const lines: string[] = ["set -euo pipefail"];
    for (const runtime of runtimes) {
        lines.push(...(runtime === "gvisor" ? gvisorLines() : wasmedgeLines()));
        const { path, content } = crioRuntimeConfig(runtime);
        lines.push(`cat > ${path} <<'CRIO_RUNTIME'`, ...content.trimEnd().split("\n"), "CRIO_RUNTIME");
    }
    lines.push("systemctl restart crio");
    return lines;
}

/**
 * The same setup as a cloud-init `write_files` entry and the `runcmd` line that runs it (cloud-init runs
 * each runcmd entry on its own, so the multi-line setup goes into a script). Wire it into
 * cloud-init.ts for worker pools: `const rt = sandboxedRuntimeCloudInit(runtimesOfPool({ labels }))`, then
 * `if (rt) { files.push(rt.file); runcmd.push(rt.runcmd); }` after "systemctl enable --now crio" and
 * before the join. The pool's labels already reach the kubelet (node-labels), which the RuntimeClass selects on.
 */
export function sandboxedRuntimeCloudInit(
    runtimes: readonly SandboxedRuntime[],
): { file: { path: string; permissions: string; content: string }; runcmd: string } | undefined {
    const lines = sandboxedRuntimeSetup(runtimes);
    if (lines.length === 0) return undefined;
    const path = "/usr/local/sbin/groundwork-sandboxed-runtimes.sh";
    return { file: { path, permissions: "0755", content: `#!/bin/bash\n${lines.join("\n")}\n` }, runcmd: `bash ${path}` };
}
