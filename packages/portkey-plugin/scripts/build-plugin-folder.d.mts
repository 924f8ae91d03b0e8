export declare const GENERATED_MARKER: string;
export declare function buildPluginFolder(outDir?: string): Promise<{
  scanFile: string;
  manifestFile: string;
  bytes: number;
  fromCoreSources: boolean;
}>;
