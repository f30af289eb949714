/** Types of scripts/chromium.mjs (plain JavaScript, so make-icons can use it without tsx). */
export declare const CHROMIUM_ARGS: string[];
export declare function chromiumCandidates(
  platform?: NodeJS.Platform,
  env?: NodeJS.ProcessEnv,
): string[];
export declare function findChromium(opts?: {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  exists?: (path: string) => boolean;
}): { path: string; error?: undefined } | { error: string; path?: undefined };
