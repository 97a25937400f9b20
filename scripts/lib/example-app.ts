import * as fs from "node:fs";
import * as path from "node:path";

// examples/app is another Pulumi project that depends on groundwork as a package ("groundwork": "file:../.."
// in its package.json, as a user's project would name a git URL or a registry version). `npm install` there
// links node_modules/groundwork to the repository; this does the same link without a second install, and
// rebuilds the package's JavaScript so the app runs against the current source.

const root = path.resolve(__dirname, "../..");

export type ExampleApp = () => Promise<Record<string, unknown>>;

export function loadExampleApp(): ExampleApp {
    const link = path.join(root, "examples", "app", "node_modules", "groundwork");
    if (!fs.existsSync(link)) {
        fs.mkdirSync(path.dirname(link), { recursive: true });
        try {
            fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another test worker linked it first
        }
    }
    (require("../build-package.cjs") as { buildJs: () => void }).buildJs();
    return (require("../../examples/app/app") as { app: ExampleApp }).app;
}
