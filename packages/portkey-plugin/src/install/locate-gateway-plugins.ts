import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";

/** Where a gateway checkout keeps its plugins: `plugins/` on main, `src/plugins/` on the 2.x branch. */
export interface GatewayPlugins {
  readonly gatewayDir: string;
  readonly layout: "plugins" | "src/plugins";
  readonly pluginsDir: string;
  readonly indexFile: string;
  /** `conf.json` (its `plugins_enabled` list feeds Portkey's `build-plugins`), when present. */
  readonly confFile?: string;
}

export function locateGatewayPlugins(gatewayDir: string): GatewayPlugins {
  const root = resolve(gatewayDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new PortkeyPluginError({ code: "ERR_GATEWAY_NOT_FOUND", message: `${root} is not a directory` });
  }
  const confFile = join(root, "conf.json");
  // 2.x first: its checkout also has a root plugins/ folder, but without an index.
  for (const layout of ["src/plugins", "plugins"] as const) {
    const pluginsDir = join(root, layout);
    const indexFile = join(pluginsDir, "index.ts");
    if (existsSync(indexFile)) {
      return { gatewayDir: root, layout, pluginsDir, indexFile, ...(existsSync(confFile) ? { confFile } : {}) };
    }
  }
  throw new PortkeyPluginError({
    code: "ERR_GATEWAY_NOT_FOUND",
    message: `${root} is not a Portkey gateway checkout: neither plugins/index.ts nor src/plugins/index.ts exists`,
  });
}
