"use strict";
// The offline commands' fast path: TypeScript is transpiled by esbuild (type-only, like tsx) into a cache keyed
// by each file's content, so a second run compiles nothing and an edited file is never served stale; Node 22's
// compile cache, where present, keeps the V8 bytecode too. Modules the Pulumi SDK loads eagerly only for
// closure serialization (the TypeScript compiler, npm's arborist), which an offline plan never does, load on
// first use. `pulumi up` does not use this file (Pulumi runs index.ts with its own loader).
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const cacheDir = path.join(root, "node_modules", ".cache", "groundwork-ts");
let esbuild;
const transformOptions = { loader: "ts", format: "cjs", target: "node20", sourcemap: "inline" };
const optionsKey = JSON.stringify(transformOptions);

function compile(source, filename) {
    const key = crypto.createHash("sha1").update(optionsKey).update("\0").update(filename).update("\0").update(source).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        esbuild ??= require("esbuild");
        const { code } = esbuild.transformSync(source, { ...transformOptions, sourcefile: filename });
        fs.mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cached}.${process.pid}`;
        fs.writeFileSync(tmp, code); // written synchronously: a process.exit() right after cannot lose it
        fs.renameSync(tmp, cached);
        return code;
    }
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
};

/** A module object that loads the real one on first use; `__esModule` keeps TypeScript's importStar from touching it. */
function lazyModule(load) {
    let real;
    const get = () => (real ??= load());
    return new Proxy(
        {},
        {
            get(_, prop) {
                if (prop === "__esModule") return true;
                const m = get();
                return prop === "default" && !("default" in m) ? m : m[prop];
            },
            has: (_, prop) => prop in get(),
            ownKeys: () => Reflect.ownKeys(get()),
            getOwnPropertyDescriptor(_, prop) {
                const d = Object.getOwnPropertyDescriptor(get(), prop);
                if (d) d.configurable = true;
                return d;
            },
        },
    );
}

const deferred = new Set(["typescript", "@npmcli/arborist", "normalize-package-data"]);
const load = Module._load;
Module._load = function (request, parent, isMain, ...rest) {
    if (deferred.has(request)) return lazyModule(() => load.call(this, request, parent, isMain));
    return load.call(this, request, parent, isMain, ...rest);
};

if (typeof Module.enableCompileCache === "function") Module.enableCompileCache(path.join(root, "node_modules", ".cache", "groundwork-v8"));
