import { allScripts } from "./shell";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";

// Node setup scripts that unpack a release tarball holding shared libraries must put the tarball's library
// directory on the dynamic loader's path, or whatever links against them (crun with WasmEdge) fails to start.
// The layouts are facts of the pinned upstream archives, recorded here (a manylinux build puts its libraries
// in lib64, which Ubuntu's loader does not search: its ld.so.conf lists /usr/local/lib, not lib64).

export interface ArchiveLayout {
    name: string;
    /** Matches the archive's download URL in a script. */
    archive: RegExp;
    /** The directory of the shared libraries inside the archive, below its top directory. */
    libDir: string;
    /** Where that is documented, for the next engineer checking a new pin. */
    source: string;
}

export const archiveLayouts: ArchiveLayout[] = [
    {
        name: "the WasmEdge manylinux archive",
        archive: /WasmEdge-[^/\s"]*-manylinux2014_[^/\s"]*\.tar\.(xz|gz)/,
        libDir: "lib64",
        source: "release asset WasmEdge-<v>-manylinux2014_<arch>.tar.xz: bin/, include/, lib64/libwasmedge.so.0",
    },
];

/** Directories on the loader path of a stock Ubuntu (ld.so.conf.d/libc.conf and the multiarch dirs). */
const loaderDefaults = [
    "/usr/local/lib",
    "/lib",
    "/usr/lib",
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
];

/** Problems of one script: each archive it unpacks whose library directory the loader would not search. */
export function libraryPathProblems(text: string): string[] {
    const problems: string[] = [];
    for (const line of text.split("\n")) {
        for (const layout of archiveLayouts) {
            if (!layout.archive.test(line)) continue;
            const target = /\s-C\s+(\S+)/.exec(line)?.[1];
            const stripped = /--strip-components[= ]1\b/.test(line);
            if (!target || !stripped) continue; // only `tar -C DIR --strip-components=1` layouts are understood
            const libDir = `${target.replace(/\/$/, "")}/${layout.libDir}`;
            const registered = new RegExp(
                `(echo|printf)[^\\n]*${libDir.replace(/[/.]/g, "\\$&")}[^\\n]*>\\s*/etc/ld\\.so\\.conf\\.d/`,
            ).test(text);
            if (!loaderDefaults.includes(libDir) && !registered) {
                const fix = `add it to /etc/ld.so.conf.d/ before ldconfig; layout: ${layout.source}`;
                const what = `${libDir} holds its libraries, not on the loader path`;
                problems.push(`unpacks ${layout.name} into ${target}: ${what} (${fix})`);
            }
        }
    }
    return problems;
}

export const libraryPaths: ConformanceCheck = {
    tool: "loader path of unpacked libraries",
    run(plans: NamedPlan[]): CheckResult {
        const errors: string[] = [];
        let checked = 0;
        for (const s of allScripts(plans)) {
            if (!archiveLayouts.some((l) => l.archive.test(s.value.text))) continue;
            checked++;
            for (const p of libraryPathProblems(s.value.text)) errors.push(`${s.where}: ${p}`);
        }
        return {
            tool: this.tool,
            checked,
            unit: `scripts unpacking release archives in ${plans.length} plans`,
            errors,
        };
    },
};
